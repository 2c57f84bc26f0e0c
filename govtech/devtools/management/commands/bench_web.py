"""``manage.py bench_web``: load-test the production server configuration with wrk, page by page.

Starts gunicorn with ``govtech.settings.production`` on loopback (the same database and Redis as this command),
as deployed behind a TLS-terminating proxy (every request carries ``X-Forwarded-Proto: https``), with the API
throttles raised for the run. Then drives each page of a fixed mix with wrk at N concurrent connections for a
fixed time and prints requests per second, p50/p95 latency and errors for each; the first entry, ``/healthz``
(a view that only answers ``ok``), is the ceiling of this machine. Ends with the RSS of each gunicorn worker and
the line ``worst_p95_ms=<x> worst_ratio=<r> errors=<e>``.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count
from django.test import Client

from govtech.accounts.models import Membership
from govtech.core import fragments, pagecache
from procurement.calls.models import Call
from startups.models import Supplier

LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d status=%d socket=%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""
RESULT = re.compile(
    r"BENCH requests=(\d+) duration_us=(\d+) p50_us=(\d+) p95_us=(\d+) p99_us=(\d+) status=(\d+) socket=(\d+)"
)


@dataclass
class Result:
    name: str
    path: str
    rps: float
    p50_ms: float
    p95_ms: float
    errors: int
    first_ms: float = 0.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def ensure_wrk() -> str:
    """The path of wrk, the load generator; a clear error naming the package when it is missing."""
    found = shutil.which("wrk")
    if not found:
        raise CommandError("wrk is needed and was not found on PATH: install it (Debian: apt-get install wrk).")
    return found


def bench_targets() -> list[tuple[str, str, bool]]:
    """(name, path, authenticated as a supplier) for the mix, with real objects from the database."""

    call = Call.objects.public().filter(status=Call.Status.PUBLISHED).order_by("-pk").first()
    call = call or Call.objects.public().order_by("-pk").first()
    supplier = Supplier.objects.filter(verification_status=Supplier.Verification.VERIFIED).order_by("-pk").first()
    if call is None or supplier is None:
        raise CommandError("No published call or verified supplier: run `manage.py seed_scale` (or the demo) first.")
    word = (call.title.split() or ["datos"])[0].lower()
    sector = (call.sectors or [""])[0]
    top_country = (
        Supplier.objects.values("country").annotate(n=Count("pk")).order_by("-n").values_list("country", flat=True)
    )[:1]
    country = top_country[0] if top_country else "CO"
    return [
        ("ceiling (ok)", "/healthz", False),
        ("home", "/es/", False),
        ("opportunities search", f"/es/opportunities/?q={word}&sector={sector}&status=published", False),
        ("call page", f"/es/opportunities/calls/{call.pk}/", False),
        ("directory search", f"/es/suppliers/?q={word}&country={country}", False),
        ("supplier profile", f"/es/suppliers/{supplier.organisation.slug}/", False),
        ("API calls", "/api/v1/calls/", False),
        ("API suppliers", "/api/v1/suppliers/", False),
        ("supplier dashboard", "/es/", True),
    ]


def supplier_session_cookie() -> str:
    """A signed-in session for a verified supplier's owner (the dashboard's persona)."""

    membership = (
        Membership.objects.filter(
            role=Membership.Role.OWNER,
            status=Membership.Status.ACTIVE,
            organisation__supplier__verification_status="verified",
        )
        .select_related("user")
        .order_by("-pk")
        .first()
    )
    if membership is None:
        raise CommandError("No supplier owner to sign in as: run `manage.py seed_scale` first.")
    client = Client()
    client.force_login(membership.user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


class Command(BaseCommand):
    help = "Load-test the production configuration (gunicorn + wrk) page by page against a ceiling."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--duration", type=int, default=20, help="seconds per page (default 20)")
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (the deployment's 3)")
        parser.add_argument("--threads", type=int, default=2, help="wrk threads")

    def handle(self, *args: Any, **opts: Any) -> None:
        wrk = ensure_wrk()
        targets = bench_targets()
        cookie = supplier_session_cookie()
        port = _free_port()
        env = self._server_env()
        self.stdout.write("collecting static files for the production storage")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            check=True,
            env=env,
            cwd=settings.BASE_DIR,
        )
        log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "govtech.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(opts["workers"]),
                "--access-logfile",
                "-",
            ],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        results: list[Result] = []
        rss: list[float] = []
        try:
            self._wait_ready(port, server)
            with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
                script.write(LUA)
            for name, path, signed_in in targets:
                self._warm(port, path, cookie if signed_in else "")
                first_ms = statistics.median(self._first(port, path, cookie if signed_in else "") for _ in range(5))
                results.append(self._run(wrk, script.name, port, name, path, cookie if signed_in else "", opts))
                r = results[-1]
                r.first_ms = first_ms
                self.stdout.write(
                    f"{r.name:<22} {r.rps:9.1f} req/s  p50 {r.p50_ms:7.1f} ms  p95 {r.p95_ms:7.1f} ms  "
                    f"first {r.first_ms:7.1f} ms  errors {r.errors}"
                )
            rss = [_rss_mb(pid) for pid in _children(server.pid)]
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        ceiling = results[0]
        pages = results[1:]
        self.stdout.write(f"gunicorn workers RSS MB: {' '.join(f'{x:.0f}' for x in rss)} (max {max(rss or [0]):.0f})")
        worst_p95 = max(r.p95_ms for r in pages)
        worst_ratio = min(r.rps / ceiling.rps for r in pages) if ceiling.rps else 0.0
        errors = sum(r.errors for r in results)
        self.stdout.write(f"server log: {log.name}")
        self.stdout.write(f"worst_p95_ms={worst_p95:.1f} worst_ratio={worst_ratio:.3f} errors={errors}")

    def _server_env(self) -> dict[str, str]:
        db = settings.DATABASES["default"]
        host = db.get("HOST") or ""
        auth = (
            f"{db.get('USER') or ''}:{db.get('PASSWORD') or ''}@" if db.get("PASSWORD") else f"{db.get('USER') or ''}@"
        )
        url = (
            f"postgresql://{auth}/{db['NAME']}?host={host}"
            if host.startswith("/")
            else f"postgresql://{auth}{host}:{db.get('PORT') or 5432}/{db['NAME']}"
        )
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "govtech.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "MFA_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": url,
            "REDIS_URL": settings.REDIS_URL,
            "LOG_JSON": "1",
            "LOG_LEVEL": "WARNING",
            "API_THROTTLE_ANON": "100000000/min",
            "API_THROTTLE_USER": "100000000/min",
            "API_THROTTLE_TOKEN": "100000000/min",
            "DEBUG": "0",
        }

    def _wait_ready(self, port: int, server: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError("gunicorn exited at start: see its log")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        raise CommandError("gunicorn did not answer within 60 s")

    def _first(self, port: int, path: str, cookie: str) -> float:
        """One request right after every public cache was retired (as after a write), on a warm worker: what
        the first visitor of an address waits, before the page and fragment caches serve the next ones (the
        command prints the median of five)."""

        for name in pagecache.NAMES:
            fragments.bump(name)
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https", "Cookie": cookie}
        )
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                response.read()
        except OSError:
            pass
        return (time.perf_counter() - started) * 1000

    def _warm(self, port: int, path: str, cookie: str) -> None:
        """A few requests first, so every worker has its connections and caches (as a running portal does)."""
        for _ in range(6):
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https", "Cookie": cookie}
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                    response.read()
            except OSError:
                pass

    def _run(self, wrk: str, script: str, port: int, name: str, path: str, cookie: str, opts: dict[str, Any]) -> Result:
        command = [
            wrk,
            "-t",
            str(opts["threads"]),
            "-c",
            str(opts["connections"]),
            "-d",
            f"{opts['duration']}s",
            "--timeout",
            "10s",
            "-s",
            script,
            "-H",
            "X-Forwarded-Proto: https",
            "-H",
            "Accept-Language: es",
        ]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        command.append(f"http://127.0.0.1:{port}{path}")
        out = subprocess.run(command, capture_output=True, text=True, check=False).stdout
        match = RESULT.search(out)
        if not match:
            raise CommandError(f"wrk gave no result for {path}:\n{out}")
        requests, duration, p50, p95, _p99, status, sock = (int(x) for x in match.groups())
        return Result(
            name=name,
            path=path,
            rps=requests / (duration / 1e6) if duration else 0.0,
            p50_ms=p50 / 1000,
            p95_ms=p95 / 1000,
            errors=status + sock,
        )
