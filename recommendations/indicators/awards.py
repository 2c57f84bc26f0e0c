"""Live indicators of the award side for the recommendations dashboard (registered from ``AwardsConfig.ready``).

- ``pilots_to_contracts``: of the awards of pilot-like calls (paid pilot, CPSI, PCP) whose contract was signed, the
  share (%) marked "the pilot became a contract", per country of the buying body, by the end of the chosen year.
- ``award_share_smes`` / ``award_share_startups``: of the awards in force (final phase or unphased) whose supplier's
  size (startup status) is known, the share (%) won by SMEs (any size but large) / by startups, per country.
- ``median_days_call_to_contract``: for signed contracts, the median number of days from the call's publication to
  the signature date, per country.

- ``award_value_share_smes`` / ``award_value_share_startups``: of the value of those awards, the share (%) won by
  SMEs / startups, per country *and currency* (the breakdown): amounts are in each call's own currency and a share
  is only computed within one currency, never by adding pesos to reais. The label is the ISO 4217 code.

Two sources, each process counted once:

* the portal's own calls: their awards and contracts (``Award``), the supplier's size from the registry;
* imported processes (other publishers' open data, public): their stored red-flag summary
  (``RedFlagProcess.facts``): each active award's suppliers with their ``parties[].details.scale``, the contracts'
  ``dateSigned``, the tender's start (``tenderPeriod.startDate``, else ``datePublished`` or its first release).
  The import also writes ``Award`` rows for them (a supplier's public track record); those rows are left out here,
  since the summary keeps what they lose (an ``sme`` scale, the signature date). The portal's own calls have
  summaries too but are read from ``Award``: the registry's current size and the contract's signature date as
  entered are richer than what was published.

A supplier whose size is unknown (no size in the registry, no published scale) is left out of the SME shares, never
counted as not an SME. An imported supplier's startup status is never published: the startup shares count the
portal's own awards only. The chosen year bounds the portal's awards by their decision and imported processes by
their reference date (their last active award, else their last contract, else their date).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from decimal import Decimal

from django.db.models.fields.json import KeyTextTransform
from django.utils import timezone

from procurement.awards.models import Award
from procurement.ocds.models import RedFlagProcess
from procurement.ocds.redflags.facts import Award as FactsAward
from procurement.ocds.redflags.facts import Contract, size_of
from procurement.ocds.redflags.fields import parse_instant
from recommendations.indicators import IndicatorQuery, IndicatorValue, provide
from startups import conf as startups_conf

PILOT_INSTRUMENTS = ("pilot", "cpsi", "pcp")


def _awards(query: IndicatorQuery) -> object:
    """The portal's own public awards (an imported process's award rows are read from its summary instead)."""
    qs = Award.objects.public().filter(decision__call__imported_process__isnull=True)
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


def _is(kind: str, size_class: str | None, is_startup: bool) -> bool | None:
    """Whether the supplier is an SME (a startup); ``None`` when its size is unknown."""
    if kind == "sme":
        return None if not size_class else size_class != "large"
    return is_startup


def _imported(query: IndicatorQuery, *keys: str) -> list[tuple[str, ...]]:
    """(country, the summary's ``keys``...) of each imported process, within the year (its reference date)."""
    qs = RedFlagProcess.objects.filter(imported__isnull=False)
    if query.country:
        qs = qs.filter(country=query.country.upper())
    if query.end_date:
        qs = qs.annotate(reference=KeyTextTransform("date", "facts")).filter(
            reference__gt="", reference__lte=f"{query.end_date.isoformat()}T23:59:59.999999Z"
        )
    qs = qs.exclude(facts__tender_status="cancelled")
    return list(qs.values_list("country", *(f"facts__{key}" for key in keys)))


def _imported_awarded_rows(query: IndicatorQuery) -> list[tuple[str | None, str, Decimal, str | None, bool]]:
    """The rows of ``_awarded_rows`` for imported processes: one per awarded supplier and process, as the import
    writes them (an award's value shared equally by its suppliers; several awards to a supplier added up).

    The size is "micro" (an SME) or "large" from the published scale, ``None`` when unknown. An award without a
    value (or in another currency than the supplier's first one here) counts for the number, not for the value.
    """
    rows: list[tuple[str | None, str, Decimal, str | None, bool]] = []
    for country, awards in _imported(query, "awards"):
        won: dict[str, tuple[Decimal, str, str]] = {}
        for award in (FactsAward(*row) for row in awards or []):
            if award.status not in ("active", "") or not award.suppliers:
                continue
            currency = award.currency
            share = (
                Decimal(str(award.amount)) / max(award.supplier_count, 1) if award.amount and currency else Decimal(0)
            )
            for n, supplier in enumerate(award.suppliers):
                scale = award.scales[n] if n < len(award.scales) else ""
                total, cur, size = won.get(supplier, (Decimal(0), "", ""))
                if share and cur in ("", currency):  # another currency's award counts for the number only
                    total, cur = total + share, currency
                won[supplier] = (total, cur, size or size_of(scale))
        for total, currency, size in won.values():
            size_class = {"sme": "micro", "large": "large"}.get(size)
            rows.append((country, currency, total.quantize(Decimal("0.01")), size_class, False))
    return rows


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


def _all_awarded_rows(query: IndicatorQuery, kind: str) -> list[tuple[str | None, str, Decimal, str | None, bool]]:
    """The portal's awards, and for the SME shares the imported processes' awarded suppliers too."""
    rows = _awarded_rows(query)
    return rows + _imported_awarded_rows(query) if kind == "sme" else rows


def _supplier_share(query: IndicatorQuery, kind: str) -> list[IndicatorValue]:
    rows = [(country, _is(kind, size, startup)) for country, _c, _a, size, startup in _all_awarded_rows(query, kind)]
    return _shares([(country, hit) for country, hit in rows if hit is not None], query)


def _value_share(query: IndicatorQuery, kind: str) -> list[IndicatorValue]:
    totals: dict[tuple[str, str], list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for country, currency, amount, size, startup in _all_awarded_rows(query, kind):
        hit = _is(kind, size, startup)
        if hit is None or not amount or not currency:
            continue
        entry = totals[(country or "—", currency)]
        entry[0] += amount
        if hit:
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
    for country, start, published, contracts in _imported(query, "tender_start", "published", "contracts"):
        begun = start or published
        for contract in (Contract(*row) for row in contracts or [] if begun):
            signed = contract.date_signed
            if not signed:
                continue
            elapsed = (timezone.localdate(parse_instant(signed)) - timezone.localdate(parse_instant(begun))).days
            if elapsed >= 0:  # a contract signed before the tender began is a data error, not a measure
                days[country or "—"].append(float(elapsed))
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
            "es": "Adjudicaciones vigentes ganadas por pymes (% del número de aquellas cuyo proveedor tiene un tamaño "
            "conocido; incluye procesos importados, según el tamaño publicado).",
            "pt-br": "Adjudicações vigentes ganhas por PMEs (% do número daquelas cujo fornecedor tem porte conhecido; "
            "inclui processos importados, conforme o porte publicado).",
            "en": "Awards in force won by SMEs (% of count of those whose supplier's size is known; imported processes "
            "included, by their published size).",
        },
    )
    provide(
        "award_share_startups",
        award_share_startups,
        description={
            "es": "Adjudicaciones vigentes ganadas por startups (% del número; solo las del portal: los datos "
            "importados no indican si un proveedor es una startup).",
            "pt-br": "Adjudicações vigentes ganhas por startups (% do número; apenas as do portal: os dados "
            "importados não indicam se um fornecedor é uma startup).",
            "en": "Awards in force won by startups (% of count; the portal's own only: imported data does not say "
            "whether a supplier is a startup).",
        },
    )
    provide(
        "award_value_share_smes",
        award_value_share_smes,
        description={
            "es": "Valor de las adjudicaciones vigentes ganado por pymes (% del valor, por moneda, de aquellas cuyo "
            "proveedor tiene un tamaño conocido; incluye procesos importados, según el tamaño publicado).",
            "pt-br": "Valor das adjudicações vigentes ganho por PMEs (% do valor, por moeda, daquelas cujo fornecedor "
            "tem porte conhecido; inclui processos importados, conforme o porte publicado).",
            "en": "Value of the awards in force won by SMEs (% of value, per currency, of those whose supplier's size "
            "is known; imported processes included, by their published size).",
        },
    )
    provide(
        "award_value_share_startups",
        award_value_share_startups,
        description={
            "es": "Valor de las adjudicaciones vigentes ganado por startups (% del valor, por moneda; solo las del "
            "portal).",
            "pt-br": "Valor das adjudicações vigentes ganho por startups (% do valor, por moeda; apenas as do portal).",
            "en": "Value of the awards in force won by startups (% of value, per currency; the portal's own only).",
        },
    )
    provide(
        "median_days_call_to_contract",
        median_days_call_to_contract,
        description={
            "es": "Contratos firmados: mediana de días entre la publicación de la convocatoria y la firma (incluye "
            "procesos importados: desde el inicio de su licitación hasta la firma publicada).",
            "pt-br": "Contratos assinados: mediana de dias entre a publicação da chamada e a assinatura (inclui "
            "processos importados: do início da licitação até a assinatura publicada).",
            "en": "Signed contracts: median days between the call's publication and the signature (imported "
            "processes included: from the start of their tender to the published signature).",
        },
    )
