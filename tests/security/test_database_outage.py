"""PostgreSQL unreachable: a clean 503 (page or JSON), and recovery without a restart."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import path

from govtech.core.database_outage import server_error
from tests.security.private_servers import ROOT, PrivatePostgres, free_port, manage, portal_env


def _unreachable(request):
    raise OperationalError('connection to server on socket "/tmp/.s.PGSQL.5432" failed: No such file or directory')


def _closed(request):
    raise InterfaceError("connection already closed")


def _fine(request):
    return HttpResponse("fine")


urlpatterns = [path("es/down/", _unreachable), path("api/v1/down/", _closed), path("es/fine/", _fine)]


@override_settings(ROOT_URLCONF=__name__)
def test_a_page_that_loses_the_database_answers_a_translated_503(client):
    response = client.get("/es/down/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert '<html lang="es"' in response.content.decode()
    assert response["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in response


@override_settings(ROOT_URLCONF=__name__)
def test_the_api_answers_503_in_its_error_format(client):
    response = client.get("/api/v1/down/")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "service_unavailable"
    assert response["Retry-After"] == "30"


def test_an_outage_met_in_a_middleware_is_a_503_and_other_errors_stay_500():
    request = RequestFactory().get("/pt-br/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        assert server_error(request).status_code == 503
    try:
        raise ValueError("a bug")
    except ValueError:
        assert server_error(request).status_code == 500


def _get(url: str, cookie: str) -> tuple[int, str, dict[str, str]]:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310 - loopback
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


@pytest.mark.slow
def test_postgres_restarted_during_traffic_gives_503s_then_the_portal_recovers_by_itself(tmp_path):
    postgres = PrivatePostgres()
    port = free_port()
    env = portal_env(postgres.url(), DB_CONN_MAX_AGE="60")
    web = None
    try:
        migrated = manage(env, "migrate", "--noinput", "-v0")
        assert migrated.returncode == 0, migrated.stderr
        log = (tmp_path / "web.log").open("w")
        web = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        session = "x" * 32  # a session cookie makes every request read the sessions table
        for _ in range(150):
            try:
                if _get(f"{base}/healthz", session)[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        assert _get(f"{base}/es/", session)[0] == 200

        postgres.stop()
        outage_started = time.monotonic()
        for _ in range(3):
            status, body, headers = _get(f"{base}/es/", session)
            assert status == 503, body
            assert headers["Retry-After"] == "30"
            assert '<html lang="es"' in body
            status, body, headers = _get(f"{base}/api/v1/audit-events/", session)
            assert status == 503
            assert '"service_unavailable"' in body

        per_503 = (time.monotonic() - outage_started) / 6
        postgres.start()
        started = time.monotonic()
        statuses = []
        while time.monotonic() - started < 15:
            statuses.append(_get(f"{base}/es/", session)[0])
            if statuses[-1] == 200:
                break
            time.sleep(0.3)
        assert statuses[-1] == 200, statuses
        print(
            f"\n[outage] 503 answered in {per_503 * 1000:.0f} ms on average; recovered "
            f"{time.monotonic() - started:.2f} s after PostgreSQL was back ({len(statuses)} requests)"
        )
        assert set(statuses) <= {200, 503}, statuses
        assert web.poll() is None, "the web server kept running through the outage"
    finally:
        if web is not None:
            web.terminate()
            web.wait(10)
        postgres.cleanup()
