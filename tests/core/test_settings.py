from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from govtech.settings import env

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a"
MFA_KEY = "cHJvZHVjdGlvbi10ZXN0LW1mYS1rZXktMDEyMzQ1Njc="  # a Fernet key (32 bytes, url-safe base64)


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("yes", True), ("off", False), ("0", False)])
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("X_FLAG", raw)
    assert env.env_bool("X_FLAG", not expected) is expected


def test_env_bool_refuses_nonsense_and_names_the_variable(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env.env_bool("X_FLAG", False)


def test_env_int_refuses_a_non_number_and_out_of_range(monkeypatch):
    monkeypatch.setenv("X_NUM", "12a")
    with pytest.raises(ImproperlyConfigured, match="X_NUM"):
        env.env_int("X_NUM", 1)
    monkeypatch.setenv("X_NUM", "70000")
    with pytest.raises(ImproperlyConfigured, match="maximum"):
        env.env_int("X_NUM", 1, maximum=65535)


def test_a_secret_can_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env.env_str("X_SECRET") == "from-a-file"


def test_a_required_variable_that_is_missing_fails_loudly(monkeypatch):
    monkeypatch.delenv("X_REQUIRED", raising=False)
    with pytest.raises(ImproperlyConfigured, match="X_REQUIRED is required"):
        env.env_str("X_REQUIRED")


def _run_with_production(extra: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    # Nothing of the caller's environment that production reads for its security settings (a developer's
    # SECURE_SSL_REDIRECT=0 would make check --deploy warn): each test gives what it means to test.
    drop = {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "MFA_ENCRYPTION_KEYS"}
    environment = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("SECURE_")}
    environment.update(DJANGO_SETTINGS_MODULE="govtech.settings.production", **extra)
    from django.conf import settings

    environment.setdefault("REDIS_URL", settings.REDIS_URL)
    if "DATABASE_URL" not in environment:
        from tests.conftest import database_url_for_subprocesses

        environment["DATABASE_URL"] = database_url_for_subprocesses()
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        check=False,
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


_GOOD = {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "portal.example.org", "MFA_ENCRYPTION_KEYS": MFA_KEY}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "portal.example.org", "DEBUG": "1"}, "DEBUG must be off"),
        ({"ALLOWED_HOSTS": "portal.example.org"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": GOOD_KEY}, "ALLOWED_HOSTS must name"),
        (_GOOD | {"DATABASE_URL": ""}, "DATABASE_URL must be set in production"),
        (_GOOD | {"REDIS_URL": ""}, "REDIS_URL must be set in production"),
        (_GOOD | {"DATABASE_URL": "", "REDIS_URL": ""}, "DATABASE_URL and REDIS_URL must be set in production"),
        ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "portal.example.org"}, "MFA_ENCRYPTION_KEYS must be set"),
        (
            {
                "SECRET_KEY": GOOD_KEY,
                "ALLOWED_HOSTS": "portal.example.org",
                "MFA_ENCRYPTION_KEYS": "ZGV2ZWxvcG1lbnQtb25seS1tZmEta2V5LWdvdnRlY2g=",
            },
            "MFA_ENCRYPTION_KEYS must be set",  # the development key
        ),
        (
            {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "portal.example.org", "MFA_ENCRYPTION_KEYS": "not-a-key"},
            "MFA_ENCRYPTION_KEYS: key 1 is not a Fernet key",
        ),
    ],
)
def test_production_settings_refuse_an_unsafe_configuration(extra, message):
    result = _run_with_production(extra, "check")
    assert result.returncode != 0
    assert message in result.stderr


def test_check_deploy_is_clean_under_production_settings():
    """Also runs drf-spectacular's deploy check: a warning while generating the API schema (two serializers with
    one component name, an unresolvable field) fails it; tests/api/test_schema.py finds those in-process first."""
    result = _run_with_production(
        {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "portal.example.org", "MFA_ENCRYPTION_KEYS": MFA_KEY},
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_never_imports_the_embedded_servers():
    """The developer tools are not in the production image: production settings must not need them."""
    result = _run_with_production(
        {**_GOOD, "PYTHONPATH": str(ROOT)},
        "shell",
        "-c",
        "import sys; from django.conf import settings; "
        "print(sorted(m for m in sys.modules if m.startswith('govtech.devtools')), "
        "'govtech.devtools' in settings.INSTALLED_APPS)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[] False"
