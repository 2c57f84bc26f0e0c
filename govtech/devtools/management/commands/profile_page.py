"""``manage.py profile_page``: where a page's time goes, under the production settings, with cProfile.

The companion of ``bench_web``: that command says how fast a page is; this one says why. Each request is served
in-process (no gunicorn, no network) by a child process with the production settings on this database and
Redis. ``{q}`` in the path is replaced by a different word on every request (the words ``bench_web`` uses), so
the visitors' page cache helps as little as it does at a busy hour. ``received``, ``board`` and ``decide`` name
the signed-in staff pages of the largest call in evaluation (as its body's approver).

    manage.py profile_page "/es/suppliers/?q={q}" --requests 200
    manage.py profile_page board --requests 30 --limit 50
    manage.py profile_page "/api/v1/suppliers/?q={q}" --no-profile     # timings only
    manage.py profile_page board --queries --sampler    # its queries by time; a call tree (pyinstrument)
    manage.py profile_page "/es/suppliers/?q={q}" --no-profile --slowest 10   # which words make the tail
"""

from __future__ import annotations

import importlib.util
import json
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test import override_settings

from govtech.devtools.management.commands.bench_web import search_words, server_env, staff_targets

STAFF = {"received": 0, "board": 1, "decide": 2}


class Command(BaseCommand):
    help = "Profile one page under the production settings (in-process, cProfile), a different word per request."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help='a path ("{q}" = a different word each time) or received, board, decide')
        parser.add_argument("--requests", type=int, default=100)
        parser.add_argument("--warm", type=int, default=10, help="requests served before timing (default 10)")
        parser.add_argument("--limit", type=int, default=35, help="functions listed per table")
        parser.add_argument("--no-profile", action="store_true", help="timings only, without the profiler's cost")
        parser.add_argument("--save", default="", help="also write the raw profile here (for pstats, snakeviz)")
        parser.add_argument(
            "--sampler",
            action="store_true",
            help="a sampling profile (pyinstrument, if installed) instead of cProfile: a call tree, little overhead",
        )
        parser.add_argument(
            "--queries", action="store_true", help="also list the page's queries by database time per request"
        )
        parser.add_argument(
            "--slowest",
            type=int,
            default=0,
            help="also list this many slowest requests (ms, database and garbage collection ms, path)",
        )
        parser.add_argument(
            "--fresh", action="store_true", help="retire the public page and fragment caches before timing"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["requests"] < 1 or opts["warm"] < 0:
            raise CommandError("--requests must be at least 1 and --warm at least 0")
        if opts["sampler"] and importlib.util.find_spec("pyinstrument") is None:
            raise CommandError("--sampler needs pyinstrument, a development tool: pip install pyinstrument")
        secret_key = secrets.token_urlsafe(64)
        cookie = ""
        path: str = opts["path"]
        if path in STAFF:
            with override_settings(SECRET_KEY=secret_key):
                pages, cookie_header = staff_targets()
            if not pages:
                raise CommandError("No call in evaluation with an approver: run `manage.py seed_scale` first.")
            path = pages[STAFF[path]][1]
            cookie = cookie_header.split("=", 1)[1]
        elif not path.startswith("/"):
            raise CommandError(f"{path!r} is neither a path nor one of {', '.join(STAFF)}")
        total = opts["warm"] + opts["requests"]
        words = search_words()
        paths = [path.replace("{q}", words[i % len(words)]) for i in range(total)]
        spec = {
            "paths": paths,
            "cookie": cookie,
            "warm": opts["warm"],
            "limit": opts["limit"],
            "profile": not opts["no_profile"],
            "fresh": opts["fresh"],
            "queries": opts["queries"],
            "slowest": opts["slowest"],
            "sampler": opts["sampler"],
            "save": str(Path(opts["save"]).resolve()) if opts["save"] else "",
        }
        env = server_env(secret_key)
        subprocess.run(  # the production storage serves hashed names from its manifest
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            check=True,
            env=env,
            cwd=settings.BASE_DIR,
        )
        self.stdout.write(f"profiling {path} ({opts['requests']} requests after {opts['warm']} to warm)")
        done = subprocess.run(
            [sys.executable, "-m", "govtech.devtools.profiling", json.dumps(spec)],
            env=env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=False,
        )
        self.stdout.write(done.stdout)
        if done.returncode:
            raise CommandError(f"the profiled process failed:\n{done.stderr[-4000:]}")
