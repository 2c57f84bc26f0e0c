"""Live indicators of the award side for the recommendations dashboard (registered from ``AwardsConfig.ready``).

- ``pilots_to_contracts``: of the awards of pilot-like calls (paid pilot, CPSI, PCP) whose contract was signed, the
  share (%) marked "the pilot became a contract", per country of the buying body, by the end of the chosen year.
- ``award_share_smes`` / ``award_share_startups``: of the awards in force (final phase or unphased), the share (%)
  won by suppliers registered as SMEs (any size but large) / as startups, per country.
- ``median_days_call_to_contract``: for signed contracts, the median number of days from the call's publication to
  the signature date, per country.

The awarded *value* shares stay "not yet available": amounts are in each call's own currency and are not summed
across currencies.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict

from procurement.awards.models import Award
from recommendations.indicators import IndicatorQuery, IndicatorValue, provide

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


def _supplier_share(query: IndicatorQuery, kind: str) -> list[IndicatorValue]:
    qs = _awards(query).filter(application__status="awarded")  # type: ignore[attr-defined]
    rows = []
    for award in qs.select_related("application__supplier__supplier"):
        supplier = getattr(award.application.supplier, "supplier", None)
        if kind == "sme":
            hit = supplier is not None and bool(supplier.size_class) and supplier.size_class != "large"
        else:
            hit = supplier is not None and bool(supplier.is_startup)
        rows.append((award.decision.call.body.country, hit))
    return _shares(rows, query)


def award_share_smes(query: IndicatorQuery) -> list[IndicatorValue]:
    return _supplier_share(query, "sme")


def award_share_startups(query: IndicatorQuery) -> list[IndicatorValue]:
    return _supplier_share(query, "startup")


def median_days_call_to_contract(query: IndicatorQuery) -> list[IndicatorValue]:
    qs = _awards(query).filter(  # type: ignore[attr-defined]
        contract_signed_on__isnull=False, decision__call__published_at__isnull=False
    )
    days: dict[str, list[float]] = defaultdict(list)
    for country, published, signed in qs.values_list(
        "decision__call__body__country", "decision__call__published_at", "contract_signed_on"
    ):
        days[country or "—"].append(float((signed - published.date()).days))
    return [
        IndicatorValue(country=country, period=query.period, value=round(statistics.median(values), 1))
        for country, values in sorted(days.items())
    ]


def register_indicators() -> None:
    provide("pilots_to_contracts", pilots_to_contracts, description={
        "es": "Pilotos con contrato firmado que se convirtieron en un contrato (% de los pilotos firmados).",
        "pt-br": "Pilotos com contrato assinado que se converteram em contrato (% dos pilotos assinados).",
        "en": "Pilots with a signed contract that became a contract (% of signed pilots).",
    })  # fmt: skip
    provide("award_share_smes", award_share_smes, description={
        "es": "Adjudicaciones vigentes ganadas por pymes (% del número).",
        "pt-br": "Adjudicações vigentes ganhas por PMEs (% do número).",
        "en": "Awards in force won by SMEs (% of count).",
    })  # fmt: skip
    provide("award_share_startups", award_share_startups, description={
        "es": "Adjudicaciones vigentes ganadas por startups (% del número).",
        "pt-br": "Adjudicações vigentes ganhas por startups (% do número).",
        "en": "Awards in force won by startups (% of count).",
    })  # fmt: skip
    provide("median_days_call_to_contract", median_days_call_to_contract, description={
        "es": "Contratos firmados: mediana de días entre la publicación de la convocatoria y la firma.",
        "pt-br": "Contratos assinados: mediana de dias entre a publicação da chamada e a assinatura.",
        "en": "Signed contracts: median days between the call's publication and the signature.",
    })  # fmt: skip
