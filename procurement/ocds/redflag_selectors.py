"""Reading stored red flags (issue 25): per process, per buyer against its country, and counted per indicator.

Every function starts from ``RedFlagResult.objects.visible_to(user)``, so pages, the API and exports show
the same flags to the same people: auditors and admins all of them, a body's officers and approvers their
calls' flags as soon as computed, everyone else a call's flags once it is decided (imported processes are
public). Pass ``AnonymousUser()`` for what the public sees (the public buyer profile).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q

from govtech.accounts.roles import Actor
from procurement.calls.models import Call
from procurement.ocds.models import ImportedProcess, RedFlagFence, RedFlagProcess, RedFlagResult, RedFlagResultQuerySet
from procurement.ocds.redflags.indicators import INDICATORS

INDICATOR_CODES: tuple[str, ...] = tuple(indicator.code for indicator in INDICATORS)
INDICATOR_TITLES: dict[str, str] = {indicator.code: indicator.title for indicator in INDICATORS}
_ORDER = {code: i for i, code in enumerate(INDICATOR_CODES)}

FLAGGED = RedFlagResult.Outcome.FLAGGED
NOT_FLAGGED = RedFlagResult.Outcome.NOT_FLAGGED
NOT_COMPUTABLE = RedFlagResult.Outcome.NOT_COMPUTABLE


def _counted(qs: Any) -> list[dict[str, Any]]:
    """Rows of ``qs.values(...)`` with the processes, computable and flagged counts of each group."""
    return [
        dict(row)
        for row in qs.annotate(
            processes=Count("id"),
            computable=Count("id", filter=~Q(outcome=NOT_COMPUTABLE)),
            flagged=Count("id", filter=Q(outcome=FLAGGED)),
        )
    ]


@dataclass(frozen=True)
class Filters:
    """The dashboard's and the API's filters; empty values filter nothing."""

    country: str = ""
    buyer: str = ""  # buyer identifier
    cpv_division: str = ""  # two digits
    indicator: str = ""
    outcome: str = ""


def visible_flags(user: Actor | None, filters: Filters | None = None) -> RedFlagResultQuerySet:
    """The flags ``user`` may see, filtered (for lists and CSV exports), by process then indicator."""
    qs = RedFlagResult.objects.visible_to(user)
    f = filters or Filters()
    if f.country:
        qs = qs.filter(country=f.country.upper())
    if f.buyer:
        qs = qs.filter(buyer_id=f.buyer)
    if f.cpv_division:
        qs = qs.filter(cpv_division=f.cpv_division)
    if f.indicator:
        qs = qs.filter(indicator=f.indicator.upper())
    if f.outcome:
        qs = qs.filter(outcome=f.outcome)
    return qs.order_by("ocid", "indicator")


def _ordered(flags: list[RedFlagResult]) -> list[RedFlagResult]:
    return sorted(flags, key=lambda flag: _ORDER.get(flag.indicator, len(_ORDER)))


def flags_of_process(user: Actor | None, ocid: str) -> list[RedFlagResult]:
    """Every indicator's outcome for one process (by its OCID), in the indicators' order; [] when none visible."""
    return _ordered(list(RedFlagResult.objects.visible_to(user).filter(ocid=ocid)))


def process_known(user: Actor | None, ocid: str) -> bool:
    """Whether ``ocid`` names a contracting process ``user`` may know of: one with stored flags or imported, or one
    of the portal's calls that ``user`` may see (its flags may still be hidden: a known process with no visible
    flag is an empty list, an unknown one a 404)."""
    if RedFlagProcess.objects.filter(ocid=ocid).exists() or ImportedProcess.objects.filter(ocid=ocid).exists():
        return True
    prefix = f"{settings.OCDS_OCID_PREFIX}-"
    number = ocid.removeprefix(prefix)
    if not ocid.startswith(prefix) or not (number.isascii() and number.isdigit() and len(number) < 18):
        return False
    return Call.objects.visible_to(user or AnonymousUser()).filter(pk=int(number)).exists()


def flags_of_call(user: Actor | None, call_id: int) -> list[RedFlagResult]:
    """Every indicator's outcome for one of our calls (or an imported process's past call)."""
    return _ordered(list(RedFlagResult.objects.visible_to(user).filter(call_id=call_id)))


@dataclass
class IndicatorCount:
    """How one indicator came out over a set of processes; ``rate`` is flagged / computable (None: none computable)."""

    indicator: str
    title: str
    processes: int = 0
    computable: int = 0
    flagged: int = 0

    @property
    def not_computable(self) -> int:
        return self.processes - self.computable

    @property
    def rate(self) -> float | None:
        return self.flagged / self.computable if self.computable else None


def indicator_counts(user: Actor | None, filters: Filters | None = None) -> list[IndicatorCount]:
    """Per indicator (all of them, in order, zeros included): processes, computable, flagged, with the filters."""
    found = {code: IndicatorCount(code, INDICATOR_TITLES[code]) for code in INDICATOR_CODES}
    for row in _counted(visible_flags(user, filters).order_by().values("indicator")):
        count = found.get(row["indicator"])
        if count is not None:
            count.processes, count.computable, count.flagged = row["processes"], row["computable"], row["flagged"]
    return list(found.values())


@dataclass
class BuyerIndicator(IndicatorCount):
    """A buyer's figures for one indicator, with the median rate of the buyers of its country (None: no buyer
    of the country has a computable value) and how many buyers that median is taken over."""

    country_median: float | None = None
    country_buyers: int = 0


@dataclass
class BuyerProfile:
    buyer_id: str
    buyer_name: str
    country: str
    processes: int  # distinct processes of the buyer the user may see
    indicators: list[BuyerIndicator] = field(default_factory=list)


def buyer_profile(user: Actor | None, buyer_id: str, *, country: str = "") -> BuyerProfile | None:
    """One buyer's indicators against the median of its country's buyers (each buyer's flagged / computable
    rate; the median over the buyers with at least one computable process). None when no flag is visible.

    The comparison reads the same visible flags as the buyer's own figures, so the public sees a public
    buyer compared with the public record of its peers.
    """
    own = RedFlagResult.objects.visible_to(user).filter(buyer_id=buyer_id)
    if country:
        own = own.filter(country=country.upper())
    first = own.order_by("-computed_at").values("buyer_name", "country").first()
    if first is None:
        return None
    country = first["country"]
    own = own.filter(country=country)
    profile = BuyerProfile(
        buyer_id=buyer_id,
        buyer_name=first["buyer_name"],
        country=country,
        processes=own.values("process_id").distinct().count(),
    )
    rates: dict[str, list[float]] = defaultdict(list)
    peers = _counted(
        RedFlagResult.objects.visible_to(user)
        .filter(country=country)
        .exclude(buyer_id="")
        .order_by()
        .values("buyer_id", "indicator")
    )
    mine: dict[str, dict[str, Any]] = {}
    for row in peers:
        if row["computable"]:
            rates[row["indicator"]].append(row["flagged"] / row["computable"])
        if row["buyer_id"] == buyer_id:
            mine[row["indicator"]] = row
    for code in INDICATOR_CODES:
        row = mine.get(code, {})
        values = rates.get(code, [])
        profile.indicators.append(
            BuyerIndicator(
                code,
                INDICATOR_TITLES[code],
                processes=row.get("processes", 0),
                computable=row.get("computable", 0),
                flagged=row.get("flagged", 0),
                country_median=statistics.median(values) if values else None,
                country_buyers=len(values),
            )
        )
    return profile


@dataclass(frozen=True)
class BuyerRow:
    buyer_id: str
    buyer_name: str
    country: str
    processes: int
    flagged: int  # flags raised (one process may raise several)


def buyers(user: Actor | None, filters: Filters | None = None) -> list[BuyerRow]:
    """The buyers with visible flags (for the dashboard's buyer filter and the profiles' index), most flagged first."""
    rows = (
        visible_flags(user, filters)
        .exclude(buyer_id="")
        .order_by()
        .values("buyer_id", "country")
        .annotate(processes=Count("process_id", distinct=True), flagged=Count("id", filter=Q(outcome=FLAGGED)))
    )
    names = dict(
        visible_flags(user, filters).exclude(buyer_id="").order_by().values_list("buyer_id", "buyer_name").distinct()
    )
    found = [
        BuyerRow(r["buyer_id"], names.get(r["buyer_id"], ""), r["country"], r["processes"], r["flagged"]) for r in rows
    ]
    return sorted(found, key=lambda row: (-row.flagged, row.buyer_name, row.buyer_id))


def filter_options(user: Actor | None) -> dict[str, list[str]]:
    """The countries and CPV divisions present in the flags ``user`` may see (the dashboard's choices)."""
    qs = RedFlagResult.objects.visible_to(user).order_by()
    return {
        "countries": sorted(c for c in qs.values_list("country", flat=True).distinct() if c),
        "cpv_divisions": sorted(d for d in qs.values_list("cpv_division", flat=True).distinct() if d),
        "indicators": list(INDICATOR_CODES),
    }


def country_fences(country: str) -> list[RedFlagFence]:
    """A country's last quartiles and fences (public: they are statistics over many processes, naming nobody)."""
    return list(RedFlagFence.objects.filter(country=country.upper()))
