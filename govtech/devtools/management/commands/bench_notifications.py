"""Measure the outbox: N e-mails through real workers to a local SMTP sink.

Starts its own SMTP sink on loopback and two ``celery worker`` processes (on a queue of
their own, against the configured Redis and database), emits one event to N bench
recipients in one transaction, and waits until every e-mail arrived. Prints the
throughput and the duplicates; the last line is ``sent=<n> duplicates=<d> seconds=<s>``.
The bench recipients and their rows are deleted afterwards.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.test.utils import override_settings

from govtech.accounts.models import User
from govtech.celery import app
from govtech.notifications.kinds import Kind
from govtech.notifications.services import notification_emit

HEADER = re.compile(rb"X-Govtech-Notification: (\d+)")


class CountingSink:
    """An aiosmtpd handler that only counts notification ids (fast enough to never be the bottleneck)."""

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.lock = threading.Lock()
        self.last_at = 0.0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        match = HEADER.search(envelope.content if isinstance(envelope.content, bytes) else envelope.content.encode())
        with self.lock:
            if match:
                self.ids.append(int(match.group(1)))
            self.last_at = time.monotonic()
        return "250 OK"


class Command(BaseCommand):
    help = "Send N e-mails through the outbox with two worker processes and a local SMTP sink; report throughput."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=10000, help="how many e-mails (default 10000)")
        parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
        parser.add_argument("--timeout", type=int, default=600, help="give up after this many seconds")
        parser.add_argument(
            "--threads",
            type=int,
            default=4,
            help="threads per worker process (1: the solo pool; more: the threads pool, overlapping SMTP waits)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            from aiosmtpd.controller import Controller
        except ImportError as exc:  # pragma: no cover
            raise CommandError("bench_notifications needs aiosmtpd") from exc
        import logging

        logging.getLogger("mail.log").setLevel(logging.WARNING)
        count, workers, timeout = options["count"], options["workers"], options["timeout"]
        if count < 1 or workers < 1:
            raise CommandError("--count and --workers must be positive")

        sink = CountingSink()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        controller = Controller(sink, hostname="127.0.0.1", port=port)
        controller.start()
        run = f"{os.getpid()}-{int(time.time())}"
        queue = f"notifications-bench-{run}"
        logdir = Path(tempfile.mkdtemp(prefix="bench-notifications-"))
        procs: list[subprocess.Popen[bytes]] = []
        try:
            procs = self._start_workers(workers, queue, port, logdir, options["threads"])
            self._wait_for_workers(workers, queue, timeout=120)
            self.stdout.write(f"{workers} workers ready; SMTP sink on 127.0.0.1:{port}; logs in {logdir}")
            people = self._make_people(run, count)  # set-up, not timed
            with override_settings(NOTIFICATIONS_QUEUE=queue, EMAIL_HOST="127.0.0.1", EMAIL_PORT=port):
                started = time.monotonic()  # from the business transaction that writes the outbox
                emitted = self._emit(run, people)
                emit_seconds = time.monotonic() - started
                self.stdout.write(f"emitted {emitted} outbox rows in {emit_seconds:.2f}s")
                deadline = started + timeout
                while len(set(sink.ids)) < count and time.monotonic() < deadline:
                    time.sleep(0.05)
                    if any(proc.poll() is not None for proc in procs):
                        raise CommandError(f"a worker died; see {logdir}")
                finished = sink.last_at or time.monotonic()
                time.sleep(1.0)  # a late double would arrive now
        finally:
            for proc in procs:
                if proc.poll() is None:
                    proc.terminate()
            for proc in procs:
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
            controller.stop()
            self._clean_up(run)
        sent = len(set(sink.ids))
        duplicates = len(sink.ids) - sent
        seconds = finished - started
        self.stdout.write(f"throughput: {sent / seconds:.0f} e-mails/s with {workers} workers")
        self.stdout.write(f"sent={sent} duplicates={duplicates} seconds={seconds:.1f}")

    def _start_workers(
        self, workers: int, queue: str, port: int, logdir: Path, threads: int
    ) -> list[subprocess.Popen[bytes]]:
        pool = ["--pool=solo"] if threads <= 1 else ["--pool=threads", f"--concurrency={threads}"]
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "govtech.settings.dev"),
            "REDIS_URL": settings.REDIS_URL,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(port),
            "EMAIL_USE_TLS": "0",
            "EMAIL_USE_SSL": "0",
            "EMAIL_HOST_USER": "",
            "NOTIFICATIONS_QUEUE": queue,
            "PYTHONUNBUFFERED": "1",
            "DEBUG": "0",  # DEBUG keeps every SQL query in memory: not what production workers do
        }
        procs = []
        for n in range(workers):
            log = open(logdir / f"worker-{n}.log", "wb")  # noqa: SIM115
            procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "celery",
                        "-A",
                        "govtech",
                        "worker",
                        *pool,
                        "-Q",
                        queue,
                        "-n",
                        f"bench{n}-{queue}@%h",
                        "-l",
                        "WARNING",
                        "--without-gossip",
                        "--without-mingle",
                    ],
                    cwd=settings.BASE_DIR,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        return procs

    def _wait_for_workers(self, workers: int, queue: str, timeout: float) -> None:

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            replies = app.control.ping(timeout=1.0) or []
            if sum(1 for reply in replies for name in reply if queue in name) >= workers:
                return
        raise CommandError("the workers did not start in time")

    def _make_people(self, run: str, count: int) -> list[Any]:

        languages = [code for code, _name in settings.LANGUAGES]
        return User.objects.bulk_create(
            [
                User(
                    email=f"bench-{run}-{i}@bench.invalid",
                    full_name=f"Bench {i}",
                    language=languages[i % len(languages)],
                )
                for i in range(count)
            ],
            batch_size=2000,
        )

    def _emit(self, run: str, people: list[Any]) -> int:

        with transaction.atomic():
            return notification_emit(
                kind=Kind.NEW_CALL,
                recipients=people,
                event_key=f"bench:{run}",
                context={
                    "title": "Semáforos inteligentes",
                    "buyer": "Secretaría de Movilidad",
                    "deadline": "2027-03-15",
                },
                url="/es/opportunities/",
            )

    def _clean_up(self, run: str) -> None:

        User.objects.filter(email__startswith=f"bench-{run}-", email__endswith="@bench.invalid").delete()
