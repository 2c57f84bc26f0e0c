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
        assert "healthcheck" in service, f"{name} has no health check"
    assert set(compose["volumes"]) >= {"pgdata", "redisdata", "uploads"}
    assert "migrate" in _command(services["web"])


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


@pytest.mark.parametrize("name", ["web", "worker", "beat"])
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
