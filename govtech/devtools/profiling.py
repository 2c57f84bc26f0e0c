"""The child process of ``manage.py profile_page``: requests served in-process under the production settings
(the environment ``bench_web.server_env`` builds), timed one by one and profiled with cProfile.

Run as ``python -m govtech.devtools.profiling '<json>'``; the command builds the JSON (paths, cookie, counts).
"""

from __future__ import annotations

import cProfile
import gc
import importlib
import io
import json
import pstats
import statistics
import sys
import time
from typing import Any

import django
from django.conf import settings
from django.db import connection
from django.test import Client

from govtech.core import fragments, pagecache


def main(raw: str) -> None:
    spec = json.loads(raw)
    django.setup()  # the production settings, from this process's environment

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="es", HTTP_X_FORWARDED_PROTO="https")
    if spec["cookie"]:
        client.cookies[settings.SESSION_COOKIE_NAME] = spec["cookie"]
    paths: list[str] = spec["paths"]
    warm = spec["warm"]
    importlib.import_module("govtech.wsgi")  # the vocabulary built and the start-up frozen, as in a web process
    for path in paths[:warm]:  # connections, compiled templates, memos: as a running worker has them
        _get(client, path)
    if spec["fresh"]:
        for name in pagecache.NAMES:  # every public page and fragment cache retired, as after a write
            fragments.bump(name)
    profile = cProfile.Profile() if spec["profile"] and not spec.get("sampler") else None
    sampler = _sampler() if spec["profile"] and spec.get("sampler") else None
    timings: list[float] = []
    slowest: list[tuple[float, float, float, str]] = []  # (ms, database ms, garbage collection ms, path)
    database = _DatabaseTime()
    collector = _CollectorTime()
    gc.callbacks.append(collector)
    with connection.execute_wrapper(database):
        for path in paths[warm:]:
            started, database_before, collector_before = time.perf_counter(), database.seconds, collector.seconds
            if profile is not None:
                profile.enable()
            if sampler is not None:
                sampler.start()
            _get(client, path)
            if profile is not None:
                profile.disable()
            if sampler is not None:
                sampler.stop()
            timings.append((time.perf_counter() - started) * 1000)
            in_database = (database.seconds - database_before) * 1000
            slowest.append((timings[-1], in_database, (collector.seconds - collector_before) * 1000, path))
    gc.callbacks.remove(collector)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    print(
        f"requests={len(timings)} mean_ms={statistics.fmean(timings):.1f} p50_ms={statistics.median(timings):.1f} "
        f"p95_ms={p95:.1f} database_ms={database.seconds * 1000 / len(timings):.1f} "
        f"queries={database.queries / len(timings):.1f} (means per request; in-process, profiler "
        f"{'on: times inflated' if profile else 'off'})"
    )
    if spec.get("queries"):
        print("database ms per request, calls per request, query (its start):")
        for sql, (seconds, calls) in sorted(database.by_query.items(), key=lambda item: -item[1][0]):
            print(f"{seconds * 1000 / len(timings):8.2f} {calls / len(timings):5.1f}  {sql}")
    if spec.get("slowest"):
        print("slowest requests: ms, database ms, garbage collection ms, path")
        for spent, in_database, collecting, path in sorted(slowest, reverse=True)[: spec["slowest"]]:
            print(f"{spent:8.1f} {in_database:8.1f} {collecting:8.1f}  {path}")
    if sampler is not None:
        print(sampler.output_text(color=False))
    if profile is not None and spec.get("save"):
        profile.dump_stats(spec["save"])
    if profile is not None:
        for sort in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(profile, stream=out).strip_dirs().sort_stats(sort).print_stats(spec["limit"])
            print(out.getvalue())


def _sampler() -> Any:
    # a development tool, not a dependency: the command checks that it is installed
    profiler = importlib.import_module("pyinstrument").Profiler
    return profiler(interval=0.0005)


class _CollectorTime:
    """Time spent in the garbage collector's collections (a ``gc.callbacks`` entry)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started


class _DatabaseTime:
    """Wall time spent in the database driver (sending, waiting, reading the rows), and the queries sent."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.queries = 0
        self.by_query: dict[str, tuple[float, int]] = {}  # the query's first characters: (seconds, calls)

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - started
            self.seconds += spent
            self.queries += 1
            key = " ".join(sql.split())[:160]
            seconds, calls = self.by_query.get(key, (0.0, 0))
            self.by_query[key] = (seconds + spent, calls + 1)


def _get(client: object, path: str) -> None:
    response = client.get(path, secure=True)  # type: ignore[attr-defined]
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}: the profile would be of the wrong page")
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)


if __name__ == "__main__":
    main(sys.argv[1])
