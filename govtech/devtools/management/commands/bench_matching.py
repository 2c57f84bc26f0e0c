"""`manage.py bench_matching --suppliers 100000 --queries 200`: index build time, query latency, peak memory."""

from __future__ import annotations

import resource
import statistics
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from govtech.devtools.synthetic import SyntheticCorpus
from procurement.matching.scoring import MatchIndex, Weights


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


class Command(BaseCommand):
    help = "Benchmark the matching index on a seeded synthetic corpus (build time, p50/p95/p99 query time, peak RSS)."

    def add_arguments(self, parser):
        parser.add_argument("--suppliers", type=int, default=100_000)
        parser.add_argument("--queries", type=int, default=200)
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args: Any, **options: Any) -> None:
        n, n_queries = options["suppliers"], options["queries"]
        if n < 1 or n_queries < 1:
            raise CommandError("--suppliers and --queries must be at least 1")
        corpus = SyntheticCorpus(seed=options["seed"])
        started = time.perf_counter()
        suppliers = list(corpus.suppliers(n))
        queries = list(corpus.challenges(n_queries))
        self.stdout.write(
            f"generated suppliers={n} queries={n_queries} in {time.perf_counter() - started:.1f}s "
            f"rss_mb_with_corpus={_peak_rss_mb():.0f}"
        )
        started, cpu_started = time.perf_counter(), time.process_time()
        index = MatchIndex(suppliers, Weights.from_settings())
        index_s = time.perf_counter() - started
        self.stdout.write(
            f"index_s={index_s:.2f} index_cpu_s={time.process_time() - cpu_started:.2f} "
            f"mean_terms_per_supplier={index.profiles.doc_lengths.mean():.0f} "
            f"vocabulary={len(index.vocab)} peak_rss_mb_after_index={_peak_rss_mb():.0f}"
        )
        index.rank(queries[0])  # warm-up (first call loads lazily initialised bits)
        times = []
        for query in queries:
            t0 = time.perf_counter()
            index.rank(query, limit=10)
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        cuts = statistics.quantiles(times, n=100, method="inclusive") if len(times) > 1 else [times[0]] * 99
        p50, p95, p99 = statistics.median(times), cuts[94], cuts[98]
        self.stdout.write(f"query_ms p50={p50:.1f} p95={p95:.1f} p99={p99:.1f} max={times[-1]:.1f}")
        self.stdout.write(f"p95_ms={p95:.1f} index_s={index_s:.2f} peak_rss_mb={_peak_rss_mb():.0f}")
