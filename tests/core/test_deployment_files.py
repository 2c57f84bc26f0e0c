"""docker-compose.yml cannot be run here (no Docker engine), so it is validated instead."""

from __future__ import annotations

import importlib
import json
import re
import shlex
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_it_matches_the_compose_specification(compose):
    schema = json.loads((ROOT / "deploy" / "compose-spec.schema.json").read_text())
    jsonschema.validate(compose, schema)


def test_it_has_the_production_like_services_with_health_checks(compose):
    services = compose["services"]
    assert {"postgres", "redis", "web", "worker", "beat", "mail"} <= set(services)
    for name, service in services.items():
        if service.get("restart") == "no":
            continue  # a one-shot job (migrate): it ends, so there is nothing to check on
        assert "healthcheck" in service, f"{name} has no health check"
    assert set(compose["volumes"]) >= {"pgdata", "redisdata", "uploads"}
    assert "manage.py migrate" in _command(services["migrate"])


def _database_user(service: dict) -> str:
    return re.match(r"postgres://([^:@]+)", service["environment"]["DATABASE_URL"]).group(1)


def test_migrations_run_as_the_owner_and_the_processes_as_a_role_that_owns_nothing(compose):
    """docs/audit-trail.md: only the one-shot migrate service holds the owner's password."""
    services = compose["services"]
    owner = services["postgres"]["environment"]["POSTGRES_USER"]
    migrate = services["migrate"]
    assert _database_user(migrate) == owner
    assert migrate["restart"] == "no"
    assert "manage.py db_grants" in _command(migrate)
    for name in ("web", "worker", "beat"):
        service = services[name]
        assert _database_user(service) != owner, name
        assert "POSTGRES_APP_USER" in service["environment"]["DATABASE_URL"], name
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully", name
        assert "migrate" not in _command(service), name
    mounts = {volume.split(":")[0]: volume.split(":")[1] for volume in services["postgres"]["volumes"]}
    script = mounts["./deploy/postgres/10-app-role.sh"]
    assert script.startswith("/docker-entrypoint-initdb.d/")
    sql = mounts["./deploy/postgres/app-role.sql"]
    assert sql in (ROOT / "deploy" / "postgres" / "10-app-role.sh").read_text()
    for path in mounts:
        if path.startswith("./"):
            assert (ROOT / path).exists(), path


def _command(service: dict) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else command


def _assert_target_exists(words: list[str]) -> None:
    if "gunicorn" in words:
        module, _, attribute = words[words.index("gunicorn") + 1].partition(":")
        assert hasattr(importlib.import_module(module), attribute)
    if "celery" in words:
        app_module = words[words.index("-A") + 1]
        assert hasattr(importlib.import_module(app_module), "celery_app")
    if "manage.py" in words:
        assert (ROOT / "manage.py").exists()


@pytest.mark.parametrize("name", ["migrate", "web", "worker", "beat"])
def test_every_command_names_modules_and_settings_that_exist(compose, name):
    service = compose["services"][name]
    settings_module = service["environment"]["DJANGO_SETTINGS_MODULE"]
    assert (ROOT / (settings_module.replace(".", "/") + ".py")).exists()
    command = _command(service)
    for part in re.split(r"&&|;", command.removeprefix("sh -c ").strip("\"'")):
        _assert_target_exists(shlex.split(part))


def test_the_dockerfile_runs_an_existing_wsgi_application():
    dockerfile = (ROOT / "Dockerfile").read_text()
    cmd = json.loads(re.search(r"^CMD (.+)$", dockerfile, re.M).group(1))
    _assert_target_exists(cmd)
    assert "requirements/base.lock" in dockerfile
    assert (ROOT / "requirements" / "base.lock").exists()
