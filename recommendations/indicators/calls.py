"""Procurement's live indicators for the recommendations dashboard (issue #8).

Registered with ``recommendations.indicators.provide`` from ``ProcurementConfig.ready``:
the recommendations app defines the indicators and never imports procurement.

- ``calls_per_instrument``: calls that have been published (any later state counts, a
  cancelled call included), per country of the publishing body and instrument, published
  by the end of the chosen year (or now).
- ``local_governments_active``: verified public bodies of level *local* that are active,
  per country: at least one active member account, or at least one call or challenge
  published (by the end of the chosen year). A body counts once even if it has both.
- ``median_days_publication_to_award``: for awarded calls, the median number of days from
  ``published_at`` to ``decided_at`` (the award decision), per country, for calls
  decided by the end of the chosen year (or now).

- ``applicants_per_call``: for calls whose applications were opened (after the deadline: never a
  count of a sealed call), the mean number of submitted applications per call, per country, for
  calls opened by the end of the chosen year (or now).

The award-based indicators (award shares, pilots to contracts, days to contract) live in
``procurement/awards/indicators.py``.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict

from django.db.models import Count, Q

from govtech.accounts.models import Membership
from procurement.applications.models import Application
from procurement.awards.models import Award
from procurement.bodies.models import PublicBody
from procurement.calls.models import Call
from procurement.challenges.models import Challenge
from recommendations.indicators import IndicatorQuery, IndicatorValue, provide


def _end(query: IndicatorQuery) -> dt.datetime | None:
    return dt.datetime.combine(query.end_date, dt.time.max, tzinfo=dt.UTC) if query.end_date else None


def calls_per_instrument(query: IndicatorQuery) -> list[IndicatorValue]:
    calls = Call.objects.public().filter(published_at__isnull=False)
    if query.country:
        calls = calls.filter(body__country=query.country.upper())
    if end := _end(query):
        calls = calls.filter(published_at__lte=end)
    rows = calls.values("body__country", "instrument").annotate(n=Count("pk")).order_by("body__country", "-n")
    labels = dict(Call.Instrument.choices)
    return [
        IndicatorValue(
            country=r["body__country"] or "—",
            period=query.period,
            value=float(r["n"]),
            category=r["instrument"],
            label=str(labels.get(r["instrument"], r["instrument"])),
        )
        for r in rows
    ]


def local_governments_active(query: IndicatorQuery) -> list[IndicatorValue]:
    end = _end(query)
    published_calls = Call.objects.public().filter(published_at__isnull=False)
    published_challenges = Challenge.objects.published().filter(published_at__isnull=False)
    if end:
        published_calls = published_calls.filter(published_at__lte=end)
        published_challenges = published_challenges.filter(published_at__lte=end)
    members = Membership.objects.filter(status=Membership.Status.ACTIVE)
    bodies = PublicBody.objects.verified().filter(level=PublicBody.Level.LOCAL)
    if query.country:
        bodies = bodies.filter(country=query.country.upper())
    if end:
        bodies = bodies.filter(organisation__created_at__lte=end)
    active = bodies.filter(
        Q(organisation_id__in=members.values("organisation_id"))
        | Q(organisation_id__in=published_calls.values("body_id"))
        | Q(organisation_id__in=published_challenges.values("body_id"))
    )
    counts = Counter(active.values_list("country", flat=True))
    return [
        IndicatorValue(country=country, period=query.period, value=float(n))
        for country, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def median_days_publication_to_award(query: IndicatorQuery) -> list[IndicatorValue]:
    # Only calls with an award in force: a call marked awarded without one (or whose decision was annulled) is
    # not a time to award.
    in_force = Award.objects.filter(decision__annulled_at__isnull=True).values("decision__call_id")
    calls = Call.objects.filter(
        status=Call.Status.AWARDED, published_at__isnull=False, decided_at__isnull=False, pk__in=in_force
    )
    if query.country:
        calls = calls.filter(body__country=query.country.upper())
    if end := _end(query):
        calls = calls.filter(decided_at__lte=end)
    days: dict[str, list[float]] = defaultdict(list)
    for country, published, decided in calls.values_list("body__country", "published_at", "decided_at"):
        if published is not None and decided is not None:  # filtered above; this narrows the types
            days[country or "—"].append((decided - published).total_seconds() / 86400)
    return [
        IndicatorValue(country=country, period=query.period, value=round(statistics.median(values), 1))
        for country, values in sorted(days.items())
    ]


def applicants_per_call(query: IndicatorQuery) -> list[IndicatorValue]:

    calls = Call.objects.public().filter(opening__isnull=False)
    if query.country:
        calls = calls.filter(body__country=query.country.upper())
    if end := _end(query):
        calls = calls.filter(opening__opened_at__lte=end)
    rows = calls.annotate(
        n=Count("applications", filter=Q(applications__status__in=Application.SUBMITTED_STATES))
    ).values_list("body__country", "n")
    by_country: dict[str, list[int]] = defaultdict(list)
    for country, n in rows:  # one query
        by_country[country or "—"].append(n)
    return [
        IndicatorValue(country=country, period=query.period, value=round(sum(ns) / len(ns), 2))
        for country, ns in sorted(by_country.items())
    ]


def register_indicators() -> None:
    """Called from ``ProcurementConfig.ready``."""
    provide(
        "calls_per_instrument",
        calls_per_instrument,
        description={
            "es": "Convocatorias publicadas, por instrumento de compra de innovación.",
            "pt-br": "Chamadas publicadas, por instrumento de compra de inovação.",
            "en": "Published calls, by innovation-procurement instrument.",
        },
    )
    provide(
        "local_governments_active",
        local_governments_active,
        description={
            "es": "Entidades públicas locales verificadas con un miembro activo o una convocatoria o reto publicado.",
            "pt-br": "Órgãos públicos locais verificados com um membro ativo ou uma chamada ou desafio publicado.",
            "en": "Verified local public bodies with an active member or a published call or challenge.",
        },
    )
    provide(
        "applicants_per_call",
        applicants_per_call,
        description={
            "es": "Convocatorias con postulaciones abiertas: promedio de postulaciones presentadas por convocatoria.",
            "pt-br": "Chamadas com candidaturas abertas: média de candidaturas apresentadas por chamada.",
            "en": "Calls whose applications were opened: mean number of submitted applications per call.",
        },
    )
    provide(
        "median_days_publication_to_award",
        median_days_publication_to_award,
        description={
            "es": "Convocatorias adjudicadas: mediana de días entre la publicación y la decisión de adjudicación.",
            "pt-br": "Chamadas adjudicadas: mediana de dias entre a publicação e a decisão de adjudicação.",
            "en": "Awarded calls: median days between publication and the award decision.",
        },
    )
