"""Backup and restore: pg_dump of the server's major version plus the uploaded files."""

from __future__ import annotations

import json

import pytest

from govtech.core.backup import BackupError, find_tool
from tests.security.private_servers import PrivatePostgres, manage, portal_env

CREATE_DATA = """
from govtech.accounts.models import Organisation, User
from govtech.audit.services import audit_record
user = User.objects.create_user("respaldo@example.org", "clave-larga-para-pruebas", full_name="Rita Respaldo")
org = Organisation.objects.create(kind="public_body", name="Prefeitura de Curitiba", slug="curitiba", country="BR")
audit_record(actor=user, verb="organisation.create", target=org, organisation_id=org.pk)
"""

READ_DATA = """
from govtech.accounts.models import Organisation, User
from govtech.audit.models import AuditEvent
try:
    AuditEvent.objects.update(verb="rewritten")  # the restored trail is still append-only
except Exception as exc:
    print(exc)
print(Organisation.objects.get(slug="curitiba").name, User.objects.get(email="respaldo@example.org").full_name,
      AuditEvent.objects.filter(verb="organisation.create").count(), sep="|")
"""


@pytest.mark.slow
def test_a_backup_restores_into_an_empty_database_with_its_files(tmp_path):
    postgres = PrivatePostgres()
    try:
        postgres.psql("CREATE DATABASE restored;")
        media, restored_media = tmp_path / "media", tmp_path / "restored-media"
        (media / "documents" / "2026").mkdir(parents=True)
        (media / "documents" / "2026" / "certificado.pdf").write_bytes(b"%PDF-1.7 prueba")
        source = portal_env(postgres.url("postgres"), MEDIA_ROOT=str(media))
        target = portal_env(postgres.url("restored"), MEDIA_ROOT=str(restored_media))

        for step in (["migrate", "--noinput", "-v0"], ["shell", "-c", CREATE_DATA]):
            result = manage(source, *step)
            assert result.returncode == 0, result.stderr
        backup = manage(source, "backup", str(tmp_path / "backup"))
        assert backup.returncode == 0, backup.stderr
        manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
        assert manifest["postgres_major"] == 18
        assert manifest["media_files"] == 1

        restore = manage(target, "restore", str(tmp_path / "backup"))
        assert restore.returncode == 0, restore.stderr
        found = manage(target, "shell", "-c", READ_DATA)
        assert found.stdout.strip().splitlines()[-1] == "Prefeitura de Curitiba|Rita Respaldo|1", found.stderr
        assert (restored_media / "documents" / "2026" / "certificado.pdf").read_bytes() == b"%PDF-1.7 prueba"
        assert "append-only" in found.stdout

        again = manage(target, "restore", str(tmp_path / "backup"))
        assert again.returncode != 0
        assert "not empty" in again.stderr
        refused = manage(source, "backup", str(tmp_path / "backup"))
        assert refused.returncode != 0
        assert "not empty" in refused.stderr
    finally:
        postgres.cleanup()


def test_it_refuses_tools_of_another_major_version():
    with pytest.raises(BackupError, match="PostgreSQL 9"):
        find_tool("pg_dump", 9)


def test_it_refuses_a_folder_without_a_backup(tmp_path, settings):
    from govtech.core.backup import backup_restore

    with pytest.raises(BackupError, match="does not hold a backup"):
        backup_restore(tmp_path)
