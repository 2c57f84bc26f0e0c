"""The red-flag engine: summaries, then per-country fences and groups, then each process's flags.

1. ``Engine.add`` summarises each process (``facts.summarise``) and keeps only the summary;
2. ``Engine.finish`` runs the aggregate pass per country (``aggregates.Aggregator``), then evaluates every
   indicator for every process: flagged or not flagged with its evidence, or not computable with its reason,
   each stamped with ``METHODOLOGY_VERSION``; it counts them and hands each process's result to a callback.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from procurement.ocds.redflags.aggregates import Aggregator, CountryContext, excluded_everywhere
from procurement.ocds.redflags.facts import ProcessFacts, summarise
from procurement.ocds.redflags.indicators import INDICATORS
from procurement.ocds.redflags.measures import NotComputable
from procurement.ocds.redflags.sources import ProcessInput
from procurement.ocds.redflags.thresholds import COMMON, Thresholds

# Bump when a definition, an exclusion or a default changes: stored flags of another version are stale.
METHODOLOGY_VERSION = "1.1"

FLAGGED, NOT_FLAGGED, NOT_COMPUTABLE = "flagged", "not_flagged", "not_computable"


@dataclass(frozen=True, slots=True)
class Outcome:
    """One indicator for one process: its status, the evidence (values and the fence or threshold compared
    with) when computable, the reason (``measures.REASONS``) when not."""

    code: str
    status: str
    evidence: dict[str, Any] = field(default_factory=dict)
    reason: str = ""


@dataclass
class ProcessResult:
    ocid: str
    country: str
    outcomes: list[Outcome]

    @property
    def flagged(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.status == FLAGGED]

    def as_dict(self) -> dict[str, Any]:
        return {
            "type": "process",
            "ocid": self.ocid,
            "country": self.country,
            "methodology_version": METHODOLOGY_VERSION,
            "flagged": {o.code: o.evidence for o in self.outcomes if o.status == FLAGGED},
            "not_flagged": {o.code: o.evidence for o in self.outcomes if o.status == NOT_FLAGGED},
            "not_computable": {o.code: o.reason for o in self.outcomes if o.status == NOT_COMPUTABLE},
        }


@dataclass
class IndicatorCount:
    processes: int = 0
    computable: int = 0
    flagged: int = 0
    reasons: Counter[str] = field(default_factory=Counter)  # not computable, by reason


@dataclass
class Report:
    processes: int = 0
    flagged_processes: int = 0
    duplicates: int = 0  # processes read more than once (the last reading counts)
    counts: dict[str, IndicatorCount] = field(default_factory=lambda: {i.code: IndicatorCount() for i in INDICATORS})
    contexts: dict[str, CountryContext] = field(default_factory=dict)
    seconds: float = 0.0
    thresholds_fingerprint: str = ""


def evaluate(facts: ProcessFacts, thresholds: Thresholds, context: CountryContext | None) -> ProcessResult:
    """Every indicator for one process, given its country's context (from the aggregate pass)."""
    context = context or CountryContext(facts.country)
    common = thresholds.params(COMMON, country=facts.country, method=facts.method)
    excluded = excluded_everywhere(facts, common)
    outcomes = []
    for indicator in INDICATORS:
        if excluded:
            outcomes.append(Outcome(indicator.code, NOT_COMPUTABLE, reason=excluded))
            continue
        method = facts.method if indicator.per_method else ""
        params = thresholds.params(indicator.code, country=facts.country, method=method)
        try:
            flagged, evidence = indicator.evaluate(facts, params, common, context)
        except NotComputable as exc:
            outcomes.append(Outcome(indicator.code, NOT_COMPUTABLE, reason=exc.reason))
        else:
            outcomes.append(Outcome(indicator.code, FLAGGED if flagged else NOT_FLAGGED, evidence))
    return ProcessResult(facts.ocid, facts.country, outcomes)


class Engine:
    """Feed it processes (``add``) or stored summaries (``add_facts``), then ``finish``."""

    def __init__(self, thresholds: Thresholds, *, default_country: str = "") -> None:
        self.thresholds = thresholds
        self.default_country = default_country.upper()
        self.facts: dict[str, ProcessFacts] = {}
        self.duplicates = 0
        self.started = time.perf_counter()

    def add(self, process: ProcessInput) -> ProcessFacts:
        facts = summarise(
            process.compiled,
            releases=process.releases,
            versioned=process.versioned,
            release_count=process.release_count,
            default_country=self.default_country,
        )
        facts.ocid = process.ocid
        self.add_facts(facts)
        return facts

    def add_facts(self, facts: ProcessFacts) -> None:
        if facts.ocid in self.facts:
            self.duplicates += 1
        self.facts[facts.ocid] = facts

    def finish(self, on_result: Callable[[ProcessResult], None] | None = None) -> Report:
        aggregator = Aggregator(self.thresholds)
        for facts in self.facts.values():
            aggregator.add(facts)
        report = Report(duplicates=self.duplicates, thresholds_fingerprint=self.thresholds.fingerprint())
        report.contexts = aggregator.finish()
        for facts in self.facts.values():
            result = evaluate(facts, self.thresholds, report.contexts.get(facts.country))
            report.processes += 1
            report.flagged_processes += bool(result.flagged)
            for outcome in result.outcomes:
                count = report.counts[outcome.code]
                count.processes += 1
                if outcome.status == NOT_COMPUTABLE:
                    count.reasons[outcome.reason] += 1
                else:
                    count.computable += 1
                    count.flagged += outcome.status == FLAGGED
            if on_result is not None:
                on_result(result)
        report.seconds = time.perf_counter() - self.started
        return report


def run(
    processes: Iterable[ProcessInput],
    thresholds: Thresholds,
    *,
    default_country: str = "",
    on_result: Callable[[ProcessResult], None] | None = None,
) -> Report:
    """Read, aggregate and evaluate ``processes`` in one go (``manage.py red_flags``)."""
    engine = Engine(thresholds, default_country=default_country)
    for process in processes:
        engine.add(process)
    return engine.finish(on_result)
