"""Live indicators of the award side for the recommendations dashboard (registered from ``AwardsConfig.ready``).

- ``pilots_to_contracts``: of the awards of pilot-like calls (paid pilot, CPSI, PCP) whose contract was signed, the
  share (%) marked "the pilot became a contract", per country of the buying body, by the end of the chosen year.
- ``award_share_smes`` / ``award_share_startups``: of the awards in force (final phase or unphased), the share (%)
  won by suppliers registered as SMEs (any size but large) / as startups, per country.
- ``median_days_call_to_contract``: for signed contracts, the median number of days from the call's publication to
  the signature date, per country.

- ``award_value_share_smes`` / ``award_value_share_startups``: of the value of those awards, the share (%) won by
  SMEs / startups, per country *and currency* (the breakdown): amounts are in each call's own currency and a share
  is only computed within one currency, never by adding pesos to reais. The label is the ISO 4217 code.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from procurement.awards.models import Award
from recommendations.indicators import IndicatorQuery, IndicatorValue, provide
from startups import conf as startups_conf

PILOT_INSTRUMENTS = ("pilot", "cpsi", "pcp")


def _awards(query: IndicatorQuery) -> object:
    qs = Award.objects.public()
    if query.country:
        qs = qs.filter(decision__call__body__country=query.country.upper())
    if query.end_date:
        qs = qs.filter(decision__decided_at__lte=dt.datetime.combine(query.end_date, dt.time.max, tzinfo=dt.UTC))
    return qs


def _shares(rows: list[tuple[str | None, bool]], query: IndicatorQuery) -> list[IndicatorValue]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for country, hit in rows:
        entry = totals[country or "—"]
        entry[0] += 1
        entry[1] += 1 if hit else 0
    return [
        IndicatorValue(country=country, period=query.period, value=round(100 * hits / total, 1))
        for country, (total, hits) in sorted(totals.items())
    ]


def pilots_to_contracts(query: IndicatorQuery) -> list[IndicatorValue]:
    qs = _awards(query).filter(  # type: ignore[attr-defined]
        decision__call__instrument__in=PILOT_INSTRUMENTS, contract_signed_on__isnull=False
    )
    return _shares(list(qs.values_list("decision__call__body__country", "became_contract")), query)


def _is(kind: str, size_class: str | None, is_startup: bool) -> bool:
    if kind == "sme":
        return bool(size_class) and size_class != "large"
    return is_startup


def _awarded_rows(query: IndicatorQuery) -> list[tuple[str | None, str, Decimal, str | None, bool]]:
    """(country, currency, amount, supplier size class, supplier is a startup) per award in force, in one query.

    "Startup" is the registry's rule (``Supplier.is_startup``: innovative and young), applied to the rows read.
    """
    qs = _awards(query).filter(application__status="awarded")  # type: ignore[attr-defined]
    youngest = timezone.localdate().year - startups_conf.startup_max_age_years()
    return [
        (country, currency, amount, size, bool(innovative and founded and founded >= youngest))
        for country, currency, amount, size, innovative, founded in qs.values_list(
            "decision__call__body__country",
            "currency",
            "amount",
            "application__supplier__supplier__size_class",
            "application__supplier__supplier__innovative",
            "application__supplier__supplier__year_founded",
        )
    ]


def _supplier_share(query: IndicatorQuery, kind: str) -> list[IndicatorValue]:
    rows = [(country, _is(kind, size, startup)) for country, _c, _a, size, startup in _awarded_rows(query)]
    return _shares(rows, query)


def _value_share(query: IndicatorQuery, kind: str) -> list[IndicatorValue]:
    totals: dict[tuple[str, str], list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for country, currency, amount, size, startup in _awarded_rows(query):
        entry = totals[(country or "—", currency)]
        entry[0] += amount
        if _is(kind, size, startup):
            entry[1] += amount
    return [
        IndicatorValue(
            country=country,
            period=query.period,
            value=round(float(100 * hit / total), 1),
            category=currency,
            label=currency,
        )
        for (country, currency), (total, hit) in sorted(totals.items())
        if total > 0
    ]


def award_share_smes(query: IndicatorQuery) -> list[IndicatorValue]:
    return _supplier_share(query, "sme")


def award_share_startups(query: IndicatorQuery) -> list[IndicatorValue]:
    return _supplier_share(query, "startup")


def award_value_share_smes(query: IndicatorQuery) -> list[IndicatorValue]:
    return _value_share(query, "sme")


def award_value_share_startups(query: IndicatorQuery) -> list[IndicatorValue]:
    return _value_share(query, "startup")


def median_days_call_to_contract(query: IndicatorQuery) -> list[IndicatorValue]:
    qs = _awards(query).filter(  # type: ignore[attr-defined]
        contract_signed_on__isnull=False, decision__call__published_at__isnull=False
    )
    days: dict[str, list[float]] = defaultdict(list)
    for country, published, signed in qs.values_list(
        "decision__call__body__country", "decision__call__published_at", "contract_signed_on"
    ):
        # both in the portal's time zone (the signature date is a local date): a call published at 22:00 in
        # Bogotá is already "tomorrow" in UTC
        days[country or "—"].append(float((signed - timezone.localdate(published)).days))
    return [
        IndicatorValue(country=country, period=query.period, value=round(statistics.median(values), 1))
        for country, values in sorted(days.items())
    ]


def register_indicators() -> None:
    provide(
        "pilots_to_contracts",
        pilots_to_contracts,
        description={
            "es": "Pilotos con contrato firmado que se convirtieron en un contrato (% de los pilotos firmados).",
            "pt-br": "Pilotos com contrato assinado que se converteram em contrato (% dos pilotos assinados).",
            "en": "Pilots with a signed contract that became a contract (% of signed pilots).",
        },
    )
    provide(
        "award_share_smes",
        award_share_smes,
        description={
            "es": "Adjudicaciones vigentes ganadas por pymes (% del número).",
            "pt-br": "Adjudicações vigentes ganhas por PMEs (% do número).",
            "en": "Awards in force won by SMEs (% of count).",
        },
    )
    provide(
        "award_share_startups",
        award_share_startups,
        description={
            "es": "Adjudicaciones vigentes ganadas por startups (% del número).",
            "pt-br": "Adjudicações vigentes ganhas por startups (% do número).",
            "en": "Awards in force won by startups (% of count).",
        },
    )
    provide(
        "award_value_share_smes",
        award_value_share_smes,
        description={
            "es": "Valor de las adjudicaciones vigentes ganado por pymes (% del valor, por moneda).",
            "pt-br": "Valor das adjudicações vigentes ganho por PMEs (% do valor, por moeda).",
            "en": "Value of the awards in force won by SMEs (% of value, per currency).",
        },
    )
    provide(
        "award_value_share_startups",
        award_value_share_startups,
        description={
            "es": "Valor de las adjudicaciones vigentes ganado por startups (% del valor, por moneda).",
            "pt-br": "Valor das adjudicações vigentes ganho por startups (% do valor, por moeda).",
            "en": "Value of the awards in force won by startups (% of value, per currency).",
        },
    )
    provide(
        "median_days_call_to_contract",
        median_days_call_to_contract,
        description={
            "es": "Contratos firmados: mediana de días entre la publicación de la convocatoria y la firma.",
            "pt-br": "Contratos assinados: mediana de dias entre a publicação da chamada e a assinatura.",
            "en": "Signed contracts: median days between the call's publication and the signature.",
        },
    )
