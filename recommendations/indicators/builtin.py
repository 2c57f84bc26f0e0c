"""The portal's indicators: their definitions, and the two computed from ``accounts``.

Startups and procurement supply the computations of the indicators whose data they own
(``startups/indicators.py``, ``procurement/indicators.py``); this app never imports them.

Live (computed from ``accounts.Organisation``):

- ``suppliers_by_country``: supplier organisations registered on the portal, per
  country, counted as of the end of the chosen year (or now).
- ``public_bodies_active_by_country``: public bodies with at least one active member
  account, per country, registered by the end of the chosen year (or now).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, QuerySet
from django.utils import timezone

from govtech.accounts.models import Membership, Organisation
from recommendations.indicators.registry import Indicator, IndicatorQuery, IndicatorValue, register


def _t(es: str, pt: str, en: str) -> dict[str, str]:
    return {"es": es, "pt-br": pt, "en": en}


def _filtered(qs: QuerySet[Organisation], query: IndicatorQuery) -> QuerySet[Organisation]:
    if query.country:
        qs = qs.filter(country=query.country.upper())
    if query.end_date:
        end = dt.datetime.combine(query.end_date, dt.time.max, tzinfo=dt.UTC)
        qs = qs.filter(created_at__lte=end)
    return qs


def _per_country(qs: QuerySet[Organisation], query: IndicatorQuery) -> list[IndicatorValue]:
    rows = _filtered(qs, query).values("country").annotate(n=Count("pk", distinct=True)).order_by("-n", "country")
    return [IndicatorValue(country=r["country"] or "—", period=query.period, value=float(r["n"])) for r in rows]


def suppliers_by_country(query: IndicatorQuery) -> list[IndicatorValue]:
    return _per_country(Organisation.objects.suppliers(), query)


def public_bodies_active_by_country(query: IndicatorQuery) -> list[IndicatorValue]:
    active = Organisation.objects.public_bodies().filter(memberships__status=Membership.Status.ACTIVE)
    return _per_country(active, query)


def available_years() -> list[int]:
    first = Organisation.objects.order_by("created_at").values_list("created_at", flat=True).first()
    now = timezone.now().year
    return list(range(now, (first.year if first else now) - 1, -1))


# Defined here, computed over the data of other apps (``provide(code, func)`` from ``RecommendationsConfig.ready``):
# ``recommendations/indicators/suppliers.py``, ``calls.py`` and ``awards.py``. Those without a computation show
# "not yet available".
PENDING = [
    (
        "award_share_smes",
        "proportionate-requirements-for-smes",
        "%",
        "procurement",
        _t("Adjudicaciones a pymes (% del número)", "Adjudicações a PMEs (% do número)", "Awards to SMEs (% of count)"),
    ),
    (
        "award_value_share_smes",
        "proportionate-requirements-for-smes",
        "%",
        "procurement",
        _t("Valor adjudicado a pymes (%)", "Valor adjudicado a PMEs (%)", "Awarded value to SMEs (%)"),
    ),
    (
        "award_share_startups",
        "proportionate-requirements-for-smes",
        "%",
        "procurement",
        _t(
            "Adjudicaciones a startups (% del número)",
            "Adjudicações a startups (% do número)",
            "Awards to startups (% of count)",
        ),
    ),
    (
        "award_value_share_startups",
        "proportionate-requirements-for-smes",
        "%",
        "procurement",
        _t("Valor adjudicado a startups (%)", "Valor adjudicado a startups (%)", "Awarded value to startups (%)"),
    ),
    (
        "median_days_publication_to_award",
        "cut-time-to-contract",
        " d",
        "procurement",
        _t(
            "Mediana de días de la publicación de la convocatoria a la adjudicación",
            "Mediana de dias da publicação da chamada à adjudicação",
            "Median days from a call's publication to award",
        ),
    ),
    (
        "median_days_call_to_contract",
        "cut-time-to-contract",
        " d",
        "procurement",
        _t(
            "Mediana de días de la convocatoria al contrato",
            "Mediana de dias da chamada ao contrato",
            "Median days from call to contract",
        ),
    ),
    (
        "calls_per_instrument",
        "run-open-innovation-challenges",
        "",
        "procurement",
        _t("Convocatorias por instrumento", "Chamadas por instrumento", "Calls per instrument"),
    ),
    (
        "applicants_per_call",
        "run-open-innovation-challenges",
        "",
        "procurement",
        _t("Postulantes por convocatoria", "Candidatos por chamada", "Applicants per call"),
    ),
    (
        "pilots_to_contracts",
        "pay-for-pilots-and-plan-scale",
        "%",
        "procurement",
        _t(
            "Pilotos convertidos en contratos (%)",
            "Pilotos convertidos em contratos (%)",
            "Pilots that became contracts (%)",
        ),
    ),
    (
        "suppliers_by_sector",
        "map-the-supply",
        "",
        "startups",
        _t("Proveedores por sector", "Fornecedores por setor", "Suppliers by sector"),
    ),
    (
        "suppliers_by_size",
        "map-the-supply",
        "",
        "startups",
        _t("Proveedores por tamaño", "Fornecedores por porte", "Suppliers by size"),
    ),
    (
        "local_governments_active",
        "prioritise-local-governments",
        "",
        "procurement",
        _t("Gobiernos locales activos", "Governos locais ativos", "Active local governments"),
    ),
]


def register_builtin() -> None:
    """Register the catalogue's indicators (once, from ``RecommendationsConfig.ready``)."""
    register(
        Indicator(
            code="suppliers_by_country",
            recommendation="map-the-supply",
            unit="",
            title=_t("Proveedores mapeados por país", "Fornecedores mapeados por país", "Suppliers mapped by country"),
            description=_t(
                "Organizaciones proveedoras registradas en el portal.",
                "Organizações fornecedoras registradas no portal.",
                "Supplier organisations registered on the portal.",
            ),
            compute=suppliers_by_country,
            provider="accounts",
        )
    )
    register(
        Indicator(
            code="public_bodies_active_by_country",
            recommendation="prioritise-local-governments",
            unit="",
            title=_t(
                "Entidades públicas activas por país",
                "Órgãos públicos ativos por país",
                "Active public bodies by country",
            ),
            description=_t(
                "Entidades públicas con al menos una cuenta de miembro activa.",
                "Órgãos públicos com pelo menos uma conta de membro ativa.",
                "Public bodies with at least one active member account.",
            ),
            compute=public_bodies_active_by_country,
            provider="accounts",
        )
    )
    for code, recommendation, unit, provider, title in PENDING:
        register(
            Indicator(
                code=code,
                recommendation=recommendation,
                unit=unit,
                provider=provider,
                title=title,
                additive=unit not in ("%", " d"),  # shares and medians are not summed over time or countries
            )
        )
