"""``manage.py bench_web``: load-test the production server configuration with wrk, page by page.

Starts gunicorn with ``govtech.settings.production`` on loopback (the same database and Redis as this command),
as deployed behind a TLS-terminating proxy (every request carries ``X-Forwarded-Proto: https``), with the API
throttles raised for the run. Then drives each page of a fixed mix with wrk at N concurrent connections for a
fixed time and prints requests per second, p50/p95 latency and errors for each; the first entry, ``/healthz``
(a view that only answers ``ok``), is the ceiling of this machine, and the about page rendered on every request
(``FLOOR_TARGET``) the floor of a rendered page. Ends with the RSS of each gunicorn worker and the line
``worst_p95_ms=<x> worst_ratio=<r> floor_ratio=<f> ... errors=<e>``.
"""

from __future__ import annotations

import csv
import os
import random
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
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from govtech.accounts.middleware import MfaRequiredMiddleware
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
# Each request a different word, in the same seeded order on every run: wrk's threads walk the list from evenly
# spaced starts (with one start, two threads asked for the same word at the same moment, and the second was
# served what the first had just cached).
VARIED = """
words = {%(words)s}
counter = 0
started = 0
setup = function(thread)
  thread:set("start", started * %(stride)d)
  started = started + 1
end
request = function()
  counter = counter + 1
  return wrk.format(nil, "%(prefix)s" .. words[((start or 0) + counter) %% #words + 1] .. "%(suffix)s")
end
"""
WORDS = 1000
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


def search_words(count: int = WORDS, seed: int = 0) -> list[str]:
    """``count`` Spanish words of four letters or more drawn (seeded) from the CPV 2008 labels: what people type."""
    path = Path(settings.BASE_DIR) / "startups" / "data" / "cpv_2008.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        labels = [row["es"] for row in csv.DictReader(handle)]
    vocabulary = sorted({w.lower() for label in labels for w in re.findall(r"[^\W\d_]{4,}", label)})
    return random.Random(seed).sample(vocabulary, min(count, len(vocabulary)))


def varied_script(path: str, words: list[str], threads: int = 1) -> str:
    """A wrk script that sends ``path`` with ``{q}`` replaced by the next word of ``words`` on each request, each
    of ``threads`` starting at its own part of the list."""
    prefix, suffix = path.split("{q}")
    quoted = ",".join(f'"{urllib.parse.quote(w)}"' for w in words)
    stride = len(words) // max(threads, 1)
    return VARIED % {"words": quoted, "prefix": prefix, "suffix": suffix, "stride": stride}


# (name, path with {q}) of the searches people make with many different words.
# The stack's floor: a page that renders the layout (header, navigation, footer) and a little text, with no query
# of its own and no page cache, through every middleware. No rendered page can serve more requests than this one,
# so its share of the ceiling bounds what any search page can reach on the machine (#19).
FLOOR_TARGET = ("layout alone (about, rendered)", "/es/about/")

VARIED_TARGETS = [
    ("opportunities search*", "/es/opportunities/?q={q}"),
    ("directory search*", "/es/suppliers/?q={q}"),
    ("API calls search*", "/api/v1/calls/?q={q}"),
    ("API suppliers search*", "/api/v1/suppliers/?q={q}"),
]


def staff_targets() -> tuple[list[tuple[str, str]], str]:
    """The signed-in staff pages of the largest call in evaluation, and a session of its body's approver."""
    call = (
        Call.objects.filter(status=Call.Status.IN_EVALUATION)
        .annotate(n=Count("applications"))
        .order_by("-n", "-pk")
        .first()
    )
    if call is None:
        return [], ""
    membership = (
        Membership.objects.filter(
            organisation_id=call.body_id, role=Membership.Role.APPROVER, status=Membership.Status.ACTIVE
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership is None:
        return [], ""
    client = Client()
    client.force_login(membership.user)
    session = client.session
    session[MfaRequiredMiddleware.SESSION_KEY] = (
        membership.user.pk
    )  # as after the second factor (production requires it)
    session.save()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    with translation.override("es"):
        pages = [
            ("received applications", reverse("applications:received", args=[call.pk])),
            ("evaluation board", reverse("evaluation:board", args=[call.pk])),
            ("ranking and decision", reverse("awards:decide", args=[call.pk])),
        ]
    return pages, cookie


def server_env(secret_key: str) -> dict[str, str]:
    """The environment of the production settings on this machine's database and Redis, signed with
    ``secret_key`` (sessions made by the caller under the same key are accepted), API throttles raised."""
    db = settings.DATABASES["default"]
    host = db.get("HOST") or ""
    auth = f"{db.get('USER') or ''}:{db.get('PASSWORD') or ''}@" if db.get("PASSWORD") else f"{db.get('USER') or ''}@"
    url = (
        f"postgresql://{auth}/{db['NAME']}?host={host}"
        if host.startswith("/")
        else f"postgresql://{auth}{host}:{db.get('PORT') or 5432}/{db['NAME']}"
    )
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "govtech.settings.production",
        "SECRET_KEY": secret_key,
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
        parser.add_argument(
            "--searches-only",
            action="store_true",
            help="only the ceiling, the varied-word searches and the staff pages (for the growth curve)",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        wrk = ensure_wrk()
        targets = bench_targets()
        # The server's secret key signs the sessions made here too (a session is bound to it through the user's
        # session hash): with another key the signed-in pages would be timed as an anonymous visitor's.
        self.secret_key = secrets.token_urlsafe(64)
        with override_settings(SECRET_KEY=self.secret_key):
            cookie = supplier_session_cookie()
            staff_pages, staff_cookie = staff_targets()
        port = _free_port()
        env = server_env(self.secret_key)
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
        varied_results: list[Result] = []
        alone: list[Result] = []
        staff: list[Result] = []
        staff_alone: list[Result] = []
        rss: list[float] = []
        try:
            self._wait_ready(port, server)
            with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
                script.write(LUA)
            for name, path, signed_in in targets[:1] if opts["searches_only"] else targets:
                results.append(self._measure(wrk, script.name, port, name, path, cookie if signed_in else "", opts))
            floor = self._measure(wrk, script.name, port, *FLOOR_TARGET, "", opts)
            words = search_words()
            for name, path in VARIED_TARGETS:
                with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as varied:
                    varied.write(LUA + varied_script(path, words, opts["threads"]))
                example = path.replace("{q}", words[0])
                varied_results.append(self._measure(wrk, varied.name, port, name, example, "", opts))
                one = {**opts, "connections": 1, "threads": 1}
                alone.append(self._measure(wrk, varied.name, port, f"{name} (one at a time)", example, "", one))
            for name, path in staff_pages:
                staff.append(self._measure(wrk, script.name, port, name, path, staff_cookie, opts))
                # a call's officer, approver and panel of five read these pages at human pace: one at a time is
                # their load; the run above at N connections is a stress figure
                one = {**opts, "connections": 1, "threads": 1}
                staff_alone.append(
                    self._measure(wrk, script.name, port, f"{name} (one at a time)", path, staff_cookie, one)
                )
            rss = [_rss_mb(pid) for pid in _children(server.pid)]
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        ceiling = results[0]
        pages = results[1:] + varied_results + staff
        self.stdout.write(f"gunicorn workers RSS MB: {' '.join(f'{x:.0f}' for x in rss)} (max {max(rss or [0]):.0f})")
        worst_p95 = max(r.p95_ms for r in pages)
        worst_ratio = min(r.rps / ceiling.rps for r in pages) if ceiling.rps else 0.0
        errors = sum(r.errors for r in [*results, floor, *varied_results, *alone, *staff, *staff_alone])
        self.stdout.write(f"server log: {log.name}")
        self.stdout.write(f"* each request a different word out of {WORDS} drawn from the CPV labels")
        searches = (
            f" search_p95_ms={max(r.p95_ms for r in varied_results):.1f}"
            f" search_ratio={min(r.rps / ceiling.rps for r in varied_results) if ceiling.rps else 0.0:.3f}"
            f" one_at_a_time_p95_ms={max(r.p95_ms for r in alone):.1f}"
            if varied_results
            else ""
        )
        staff_part = (
            f" staff_p95_ms={max(r.p95_ms for r in staff):.1f}"
            f" staff_one_at_a_time_p95_ms={max(r.p95_ms for r in staff_alone):.1f}"
            if staff
            else " staff_p95_ms=none"
        )
        floor_ratio = floor.rps / ceiling.rps if ceiling.rps else 0.0
        self.stdout.write(
            f"worst_p95_ms={worst_p95:.1f} worst_ratio={worst_ratio:.3f} floor_ratio={floor_ratio:.3f}{searches}"
            f"{staff_part} errors={errors}"
        )

    def _measure(
        self, wrk: str, script: str, port: int, name: str, path: str, cookie: str, opts: dict[str, Any]
    ) -> Result:
        """Warm, time the first request after the caches were retired (median of five), then load with wrk."""
        self._require_page(port, path, cookie)
        self._warm(port, path, cookie)
        first_ms = statistics.median(self._first(port, path, cookie) for _ in range(5))
        result = self._run(wrk, script, port, name, path, cookie, opts)
        result.first_ms = first_ms
        self.stdout.write(
            f"{result.name:<36} {result.rps:9.1f} req/s  p50 {result.p50_ms:7.1f} ms  p95 {result.p95_ms:7.1f} ms  "
            f"first {result.first_ms:7.1f} ms  errors {result.errors}"
        )
        return result

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

    def _require_page(self, port: int, path: str, cookie: str) -> None:
        """The page itself answers 200, not a redirect (to sign-in, MFA) or an error that would be timed instead."""
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https", "Cookie": cookie}
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                final = urllib.parse.urlsplit(response.geturl())
                body = response.read().decode(errors="replace")
        except OSError as error:
            raise CommandError(f"{path} does not answer 200: {error}") from None
        if final.path != urllib.parse.urlsplit(path).path:
            raise CommandError(f"{path} redirects to {final.path}: the benchmark would time the wrong page")
        if cookie and "/accounts/logout/" not in body:
            raise CommandError(f"{path} was served to an anonymous visitor: the session was not accepted")

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
