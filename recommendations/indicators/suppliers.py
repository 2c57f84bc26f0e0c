"""The registry's live indicators for the recommendations dashboard (issue #8).

Registered with ``recommendations.indicators.provide`` from ``StartupsConfig.ready``.
Both count every supplier profile on the portal except rejected ones, per country of the
profile, created by the end of the chosen year (or now):

- ``suppliers_by_sector``: per sector; a supplier in two sectors counts in each, one
  without a sector counts under "No sector given".
- ``suppliers_by_size``: per size class (micro, small, medium, large), derived from
  employees and revenue; a profile without those counts under "Size not given".
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from recommendations.indicators import IndicatorQuery, IndicatorValue, provide
from startups.models import Supplier


def _suppliers(query: IndicatorQuery) -> QuerySet[Supplier]:
    qs = Supplier.objects.exclude(verification_status=Supplier.Verification.REJECTED)
    if query.country:
        qs = qs.filter(country=query.country.upper())
    if query.end_date:
        qs = qs.filter(created_at__lte=dt.datetime.combine(query.end_date, dt.time.max, tzinfo=dt.UTC))
    return qs


def suppliers_by_sector(query: IndicatorQuery) -> list[IndicatorValue]:
    rows = (
        _suppliers(query)
        .values("country", "sectors__slug", "sectors__name_en", "sectors__name_es", "sectors__name_pt")
        .annotate(n=Count("pk", distinct=True))
    )
    language = (get_language() or "en")[:2]
    out = []
    for r in sorted(rows, key=lambda r: (r["country"], -r["n"], r["sectors__slug"] or "")):
        slug = r["sectors__slug"] or ""
        name = str(r.get(f"sectors__name_{language}") or r["sectors__name_en"] or "")
        out.append(
            IndicatorValue(
                country=r["country"] or "—",
                period=query.period,
                value=float(r["n"]),
                category=slug,
                label=name if slug else _("No sector given"),
            )
        )
    return out


def suppliers_by_size(query: IndicatorQuery) -> list[IndicatorValue]:
    rows = _suppliers(query).values("country", "size_class").annotate(n=Count("pk")).order_by("country", "-n")
    labels = dict(Supplier.SizeClass.choices)
    return [
        IndicatorValue(
            country=r["country"] or "—",
            period=query.period,
            value=float(r["n"]),
            category=r["size_class"],
            label=str(labels[r["size_class"]]) if r["size_class"] in labels else _("Size not given"),
        )
        for r in rows
    ]


def register_indicators() -> None:
    """Called from ``StartupsConfig.ready``."""
    provide(
        "suppliers_by_sector",
        suppliers_by_sector,
        description={
            "es": "Perfiles de proveedores por sector (uno en dos sectores cuenta en ambos).",
            "pt-br": "Perfis de fornecedores por setor (um em dois setores conta em ambos).",
            "en": "Supplier profiles by sector (one in two sectors counts in both).",
        },
    )
    provide(
        "suppliers_by_size",
        suppliers_by_size,
        description={
            "es": "Perfiles de proveedores por tamaño (micro, pequeña, mediana, grande).",
            "pt-br": "Perfis de fornecedores por porte (micro, pequena, média, grande).",
            "en": "Supplier profiles by size (micro, small, medium, large).",
        },
    )
