"""Schemathesis fuzzes the live OpenAPI schema as three personas: no 5xx, nothing off-schema."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from govtech.tokens.services import api_token_create
from tests.conftest import ROOT, free_port

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CHECKS = "not_a_server_error,response_schema_conformance,content_type_conformance"
MAX_EXAMPLES = "5"


@pytest.fixture
def live_portal(worker_env: dict[str, str], tmp_path: Path) -> Iterator[str]:
    """The portal under gunicorn (as in production), on the test database."""
    port = free_port()
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "govtech.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=worker_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/healthz", timeout=1)  # noqa: S310 - loopback
                break
            except OSError:
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(10)


def fuzz(url: str, *headers: str) -> subprocess.CompletedProcess[str]:
    args = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        f"{url}/api/v1/schema/",
        "--checks",
        CHECKS,
        "--max-examples",
        MAX_EXAMPLES,
        "--seed",
        "20261128",
        "--request-timeout",
        "20",
        "--suppress-health-check",
        "all",
        "--phases",
        "examples,coverage,fuzzing",
    ]
    for header in headers:
        args += ["-H", header]
    return subprocess.run(args, check=False, cwd=ROOT, capture_output=True, text=True, timeout=900)


@pytest.mark.parametrize("persona_name", ["anonymous", "officer", "supplier_owner"])
def test_fuzzing_the_api_finds_no_server_error_and_no_off_schema_response(live_portal, persona, persona_name):
    user = persona(persona_name)
    headers = []
    if persona_name != "anonymous":
        headers.append(f"Authorization: Bearer {api_token_create(actor=user, name='fuzz', scope='write').secret}")
    result = fuzz(live_portal, *headers)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "operations" in result.stdout.lower() or "passed" in result.stdout.lower(), result.stdout[-3000:]
