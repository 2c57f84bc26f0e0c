"""``manage.py backup FOLDER``: the database (pg_dump -Fc) and the uploaded files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from govtech.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database (pg_dump custom format, same major version as the server) and MEDIA_ROOT."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("folder", help="a new or empty folder to write the backup into")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup_create(Path(options["folder"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backup written to {options['folder']}: database {manifest['database_bytes']} bytes "
            f"(PostgreSQL {manifest['postgres_major']}), {manifest['media_files']} uploaded files."
        )
