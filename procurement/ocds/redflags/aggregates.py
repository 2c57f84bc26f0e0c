"""The engine's second pass: per country, the fences and groups that compare a process with many others.

``Aggregator.add(facts)`` takes each process's own values (never its record); ``Aggregator.finish()`` returns
one ``CountryContext`` per country with

* the fences of R024/R058 (bid gaps), R025 (tenderers' win ratios) and R038 (disqualified-bid ratios of
  buyers, procuring entities and tenderers), as ``statistics.Fence`` with their quartiles;
* the organisations R025 and R038 single out, with their ratios;
* GT01's windows of direct awards to the same buyer and supplier, and GT04's concentration (HHI) of each
  buyer's market over a rolling window, already resolved per process.

Fence parameters are read per country (the procurement method plays no part in a distribution that spans them).
"""

from __future__ import annotations

import contextlib
import heapq
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from procurement.ocds.redflags.facts import ProcessFacts
from procurement.ocds.redflags.fields import parse_instant
from procurement.ocds.redflags.measures import (
    NotComputable,
    active_awards,
    bid_gap,
    participation,
    price_comparison_allowed,
    submitted_bids,
)
from procurement.ocds.redflags.statistics import Fence, quantile, tukey
from procurement.ocds.redflags.thresholds import COMMON, Thresholds

R038_ROLES = ("buyer", "procuring_entity", "tenderer")


@dataclass
class OrganisationRatio:
    """An organisation's ratio (R025: bids won / valid bids; R038: disqualified / submitted bids)."""

    numerator: int = 0
    denominator: int = 0
    processes: int = 0

    @property
    def ratio(self) -> float:
        return self.numerator / self.denominator if self.denominator else math.nan


@dataclass
class CountryContext:
    """What the flags of one country's processes are compared with (see the module docstring)."""

    country: str
    gap_fences: dict[str, Fence] = field(default_factory=dict)  # R024 (lower), R058 (upper)
    r025: dict[str, OrganisationRatio] = field(default_factory=dict)  # tenderer -> won / valid bids
    r025_top: float | None = None  # the number of valid bids that makes a top tenderer (percentile)
    r025_fence: Fence = field(default_factory=lambda: Fence(0, reason="too_few_values"))
    r025_flagged: set[str] = field(default_factory=set)
    r038: dict[str, dict[str, OrganisationRatio]] = field(default_factory=lambda: {r: {} for r in R038_ROLES})
    r038_fences: dict[str, Fence] = field(default_factory=dict)
    r038_flagged: dict[str, set[str]] = field(default_factory=lambda: {r: set() for r in R038_ROLES})
    gt01: dict[str, dict[str, Any]] = field(default_factory=dict)  # ocid -> evidence of its worst window
    gt04: dict[str, tuple[Any, ...] | str] = field(default_factory=dict)  # ocid -> window figures, or a reason

    def fences(self) -> dict[str, Any]:
        """The quartiles and fences, for the report (Cardinal's "Meta")."""
        found: dict[str, Any] = {code: fence.as_dict() for code, fence in self.gap_fences.items()}
        found["R025"] = {**self.r025_fence.as_dict(), "top_tenderer_bids": self.r025_top}
        found["R038"] = {role: fence.as_dict() for role, fence in self.r038_fences.items()}
        return found

    def organisations(self) -> list[dict[str, Any]]:
        """The organisations R025 and R038 single out, with their ratio and the fence it passed."""
        found = []
        for tenderer in sorted(self.r025_flagged):
            counts = self.r025[tenderer]
            found.append(
                {
                    "indicator": "R025",
                    "country": self.country,
                    "role": "tenderer",
                    "id": tenderer,
                    "ratio": round(counts.ratio, 6),
                    "won": counts.numerator,
                    "valid_bids": counts.denominator,
                    "fence": self.r025_fence.value,
                    "top_tenderer_bids": self.r025_top,
                }
            )
        for role in R038_ROLES:
            for org in sorted(self.r038_flagged[role]):
                counts = self.r038[role][org]
                found.append(
                    {
                        "indicator": "R038",
                        "country": self.country,
                        "role": role,
                        "id": org,
                        "ratio": round(counts.ratio, 6),
                        "disqualified": counts.numerator,
                        "submitted": counts.denominator,
                        "fence": self.r038_fences[role].value,
                    }
                )
        return found


@dataclass
class _Country:
    gaps: list[float] = field(default_factory=list)
    r025: dict[str, OrganisationRatio] = field(default_factory=lambda: defaultdict(OrganisationRatio))
    r038: dict[str, dict[str, OrganisationRatio]] = field(
        default_factory=lambda: {role: defaultdict(OrganisationRatio) for role in R038_ROLES}
    )
    # (buyer, suppliers) -> [(date, amount, ocid)]
    direct: dict[tuple[str, tuple[str, ...]], list[tuple[str, float, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # (buyer, scheme, division) -> awards [(date, supplier, cents, currency)] and processes [(date, ocid)]
    market: dict[tuple[str, str, str], tuple[list[tuple[str, str, int, str]], list[tuple[str, str]]]] = field(
        default_factory=lambda: defaultdict(lambda: ([], []))
    )


def excluded_everywhere(facts: ProcessFacts, common: Any) -> str:
    """Cardinal's exclusions from every indicator: cancelled processes, and configured procurementMethodDetails."""
    if facts.tender_status == "cancelled":
        return "cancelled"
    if facts.method_details and facts.method_details in common["excluded_procurement_method_details"]:
        return "method_details_excluded"
    return ""


def market_of(facts: ProcessFacts, digits: dict[str, int]) -> tuple[str, str] | None:
    """GT04's market: the first classification in a configured scheme, cut to its division (CPV: 2 digits)."""
    for scheme, code in facts.classifications:
        if scheme in digits:
            division = code[: digits[scheme]]
            if len(division) == digits[scheme] and division.isdigit():
                return scheme, division
    return None


class Aggregator:
    """Collects the processes' values per country, then computes fences and groups (see the module docstring)."""

    def __init__(self, thresholds: Thresholds) -> None:
        self.thresholds = thresholds
        self.countries: dict[str, _Country] = defaultdict(_Country)

    def add(self, facts: ProcessFacts) -> None:
        country = facts.country
        common = self.thresholds.params(COMMON, country=country, method=facts.method)
        if excluded_everywhere(facts, common):
            return
        data = self.countries[country]
        self._add_bids(facts, data, common)
        self._add_direct(facts, data)
        self._add_market(facts, data)

    def _add_bids(self, facts: ProcessFacts, data: _Country, common: Any) -> None:
        if facts.bids is None:
            return
        if price_comparison_allowed(facts, common):
            with contextlib.suppress(NotComputable):
                data.gaps.append(bid_gap(facts).ratio)
        try:
            winner, tenderers = participation(facts)
        except NotComputable:
            pass
        else:
            for tenderer in tenderers:
                counts = data.r025[tenderer]
                counts.numerator += tenderer == winner
                counts.denominator += 1
        try:
            bids = submitted_bids(facts)
        except NotComputable:
            return
        disqualified = sum(bid.status == "disqualified" for bid in bids)
        for role, org in (("buyer", facts.buyer), ("procuring_entity", facts.procuring_entity)):
            if org:
                counts = data.r038[role][org]
                counts.numerator += disqualified
                counts.denominator += len(bids)
                counts.processes += 1
        for bid in bids:
            for tenderer in bid.tenderers:
                counts = data.r038["tenderer"][tenderer]
                counts.numerator += bid.status == "disqualified"
                counts.denominator += 1

    def _add_direct(self, facts: ProcessFacts, data: _Country) -> None:
        params = self.thresholds.params("GT01", country=facts.country)
        methods = params["procurement_methods"]
        if not facts.buyer or (methods and facts.method not in methods) or params["threshold"] is None:
            return
        for award in active_awards(facts):
            date = award.date or facts.date
            if award.suppliers and award.amount is not None and award.currency == params["currency"].upper() and date:
                data.direct[(facts.buyer, tuple(sorted(award.suppliers)))].append((date, award.amount, facts.ocid))

    def _add_market(self, facts: ProcessFacts, data: _Country) -> None:
        params = self.thresholds.params("GT04", country=facts.country)
        market = market_of(facts, params["classification_digits"])
        if not facts.buyer or market is None or not facts.date:
            return
        awards, processes = data.market[(facts.buyer, *market)]
        found = False
        for award in active_awards(facts):
            date = award.date or facts.date
            if award.suppliers and award.amount is not None and award.currency:
                share = round(award.amount * 100) // len(award.suppliers)  # cents, shared equally by consortia
                awards += [(date, supplier, share, award.currency) for supplier in award.suppliers]
                found = True
        if found:
            processes.append((facts.date, facts.ocid))

    def finish(self) -> dict[str, CountryContext]:
        return {country: self._finish(country, data) for country, data in self.countries.items()}

    def _finish(self, country: str, data: _Country) -> CountryContext:
        context = CountryContext(country)
        for code, upper in (("R024", False), ("R058", True)):
            params = self.thresholds.params(code, country=country)
            context.gap_fences[code] = tukey(data.gaps, upper=upper, minimum_sample=params["minimum_sample"])
        self._finish_r025(context, data)
        self._finish_r038(context, data)
        params = self.thresholds.params("GT01", country=country)
        for entries in data.direct.values():
            _direct_windows(entries, params, context.gt01)
        params = self.thresholds.params("GT04", country=country)
        for (buyer, scheme, division), (awards, processes) in data.market.items():
            _concentration(awards, processes, params, context.gt04, (buyer, scheme, division))
        return context

    def _finish_r025(self, context: CountryContext, data: _Country) -> None:
        params = self.thresholds.params("R025", country=context.country)
        context.r025 = dict(data.r025)
        ratios = [counts.ratio for counts in context.r025.values()]
        context.r025_fence = tukey(
            ratios, upper=False, minimum_sample=params["minimum_sample"], fixed=params["threshold"]
        )
        if context.r025_fence.value is None:
            return
        context.r025_top = quantile(sorted(c.denominator for c in context.r025.values()), params["percentile"] / 100)
        context.r025_flagged = {
            tenderer
            for tenderer, counts in context.r025.items()
            if counts.denominator >= context.r025_top and counts.ratio <= context.r025_fence.value
        }

    def _finish_r038(self, context: CountryContext, data: _Country) -> None:
        params = self.thresholds.params("R038", country=context.country)
        for role in R038_ROLES:
            if role == "tenderer":
                eligible = {
                    k: v for k, v in data.r038[role].items() if v.denominator >= params["minimum_submitted_bids"]
                }
            else:
                eligible = {
                    k: v for k, v in data.r038[role].items() if v.processes >= params["minimum_contracting_processes"]
                }
            context.r038[role] = eligible
            fence = tukey(
                [v.ratio for v in eligible.values()],
                upper=True,
                minimum_sample=params["minimum_sample"],
                fixed=params["threshold"],
            )
            context.r038_fences[role] = fence
            if fence.value is not None:
                context.r038_flagged[role] = {org for org, counts in eligible.items() if counts.ratio >= fence.value}


def _direct_windows(entries: list[tuple[str, float, str]], params: Any, found: dict[str, dict[str, Any]]) -> None:
    """GT01: every window of ``window_days`` holding two or more direct awards whose sum passes the threshold;
    each award in such a window keeps the evidence of its largest one."""
    entries.sort()
    times = [parse_instant(date).timestamp() for date, _amount, _ocid in entries]
    span, threshold = params["window_days"] * 86400, params["threshold"]
    end, total = 0, 0.0
    for start in range(len(entries)):
        while end < len(entries) and times[end] - times[start] <= span:
            total += entries[end][1]
            end += 1
        window = entries[start:end]
        if len(window) >= 2 and total > threshold:
            evidence = {
                "total": round(total, 2),
                "awards": len(window),
                "threshold": threshold,
                "currency": params["currency"].upper(),
                "window_days": params["window_days"],
                "first": window[0][0],
                "last": window[-1][0],
                "ocids": sorted({ocid for _d, _a, ocid in window})[:20],
            }
            for _date, _amount, ocid in window:
                if ocid not in found or found[ocid]["total"] < evidence["total"]:
                    found[ocid] = evidence
        total -= entries[start][1]


def months_before(instant: str, months: int) -> str:
    """The same moment ``months`` calendar months earlier (the last day of the month when it has no such day)."""
    year, month = int(instant[:4]), int(instant[5:7]) - months
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    last = [
        31,
        29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ]
    day = min(int(instant[8:10]), last[month - 1])
    return f"{year:04d}-{month:02d}-{day:02d}{instant[10:]}"


def _concentration(
    awards: list[tuple[str, str, int, str]],
    processes: list[tuple[str, str]],
    params: Any,
    found: dict[str, tuple[Any, ...] | str],
    market: tuple[str, str, str],
) -> None:
    """GT04: the Herfindahl-Hirschman index of the buyer's market over the window ending at each process.

    Amounts are whole cents, so the running sums are exact. A process's figures are (hhi, awards, total,
    currency, window start, window end, top suppliers), or a reason when the window cannot be used.
    """
    awards.sort()
    processes.sort()
    sums: Counter[str] = Counter()
    currencies: Counter[str] = Counter()
    squares = total = added = removed = 0
    for date, ocid in processes:
        while added < len(awards) and awards[added][0] <= date:
            _d, supplier, cents, currency = awards[added]
            squares += (sums[supplier] + cents) ** 2 - sums[supplier] ** 2
            sums[supplier] += cents
            total += cents
            currencies[currency] += 1
            added += 1
        start = months_before(date, params["window_months"])
        while removed < added and awards[removed][0] <= start:
            _d, supplier, cents, currency = awards[removed]
            squares += (sums[supplier] - cents) ** 2 - sums[supplier] ** 2
            sums[supplier] -= cents
            total -= cents
            currencies[currency] -= 1
            removed += 1
        count = added - removed
        live = [c for c, n in currencies.items() if n]
        if count < params["minimum_awards"]:
            found[ocid] = "too_few_awards"
        elif len(live) > 1:
            found[ocid] = "mixed_currencies"
        elif total <= 0:
            found[ocid] = "zero_total"
        else:
            hhi = 10_000 * squares / total**2
            top: tuple[tuple[str, float], ...] = ()
            if hhi > params["threshold"]:
                top = tuple(
                    (s, round(100 * v / total, 2)) for s, v in heapq.nlargest(3, sums.items(), key=lambda kv: kv[1])
                )
            found[ocid] = (round(hhi, 1), count, total / 100, live[0], start, date, top, market)
