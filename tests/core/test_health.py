from __future__ import annotations

import time

import pytest
from django.conf import settings

from govtech.core.health import redis_client


@pytest.fixture
def no_heartbeat():
    redis_client().delete(settings.WORKER_HEARTBEAT_KEY)
    yield
    redis_client().delete(settings.WORKER_HEARTBEAT_KEY)


@pytest.mark.django_db
def test_readyz_answers_503_and_names_the_worker_when_no_worker_beats(client, no_heartbeat):
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] == "ok"
    assert body["worker"].startswith("error")


@pytest.mark.django_db
def test_readyz_names_the_broker_when_redis_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")


@pytest.mark.slow
def test_readyz_is_ok_with_a_real_worker_running(client, celery_worker_process, no_heartbeat):
    worker = celery_worker_process()
    deadline = time.monotonic() + 40
    body = {}
    while time.monotonic() < deadline:
        response = client.get("/readyz")
        body = response.json()
        if response.status_code == 200:
            break
        assert worker.poll() is None, "the worker died"
        time.sleep(0.5)
    assert body == {"database": "ok", "broker": "ok", "worker": "ok"}


def test_healthz_and_readyz_live_outside_the_language_prefix(client):
    assert client.get("/es/healthz").status_code == 404
    assert client.get("/healthz").status_code == 200
