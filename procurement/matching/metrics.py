"""Matching's gauges on the portal's Prometheus endpoint (``govtech.core.metrics``), read at scrape time."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Max
from django.utils import timezone

from govtech.core.metrics import register_gauge
from procurement.matching.models import MatchResult, MatchSweep, MatchTargetState


def _targets() -> Iterable[tuple[dict[str, str], float]]:
    """Targets ranked, by kind and algorithm version (one row per call or challenge last ranked)."""

    rows = (
        MatchTargetState.objects.values("algorithm_version")
        .annotate(calls=Count("call"), challenges=Count("challenge"))
        .values_list("algorithm_version", "calls", "challenges")
    )
    for version, calls, challenges in rows:
        yield {"kind": "call", "algorithm": version}, float(calls)
        yield {"kind": "challenge", "algorithm": version}, float(challenges)


def _last_run_age() -> Iterable[tuple[dict[str, str], float]]:
    """Seconds since the last ranking and since each sweep ran (a stuck worker shows as a growing age)."""

    now = timezone.now()
    last = MatchTargetState.objects.aggregate(last=Max("ranked_at"))["last"]
    if last is not None:
        yield {"run": "rank"}, (now - last).total_seconds()
    for name, ran_at in MatchSweep.objects.values_list("name", "ran_at"):
        yield {"run": f"sweep:{name}"}, (now - ran_at).total_seconds()


def _results() -> Iterable[tuple[dict[str, str], float]]:

    yield {}, float(MatchResult.objects.count())


def register() -> None:
    register_gauge("govtech_matching_targets_ranked", "Calls and challenges ranked, by algorithm version", _targets)
    register_gauge(
        "govtech_matching_last_run_age_seconds", "Seconds since the last ranking and each sweep", _last_run_age
    )
    register_gauge("govtech_matching_results", "Stored supplier suggestions (match results)", _results)
