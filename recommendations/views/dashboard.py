"""The public ecosystem dashboard: live indicators as charts and tables, CSV, context figures."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from govtech.accounts.models import Organisation
from govtech.core.charts import bar_chart_svg
from recommendations.countries import country_name
from recommendations.indicators import Indicator, IndicatorQuery, IndicatorValue, all_indicators
from recommendations.indicators.builtin import available_years
from recommendations.indicators.query import parse_query
from recommendations.models import Instrument, Recommendation
from recommendations.reference_data import context_figures
from recommendations.translation import localize


@dataclass
class IndicatorBlock:
    indicator: Indicator
    values: list[IndicatorValue] | None
    recommendation: Recommendation | None
    chart: str = ""
    trend: list[tuple[int, float]] | None = None
    breakdown: bool = False  # values carry a category (instrument, sector, size) besides the country


def indicator_blocks(query: IndicatorQuery) -> list[IndicatorBlock]:
    recommendations = {r.slug: r for r in Recommendation.objects.published().with_content()}
    blocks = []
    for indicator in all_indicators():
        block = IndicatorBlock(indicator, indicator.values(query), recommendations.get(indicator.recommendation))
        if block.values:
            block.breakdown = any(v.label for v in block.values)
            block.chart = bar_chart_svg(
                rows=[(_bar_label(v), v.value) for v in block.values],
                ident=f"chart-{indicator.code}",
                title=indicator.localized_title.text,
                unit=indicator.unit,
                desc=_("One bar per country and breakdown; the table below gives the same numbers.")
                if block.breakdown
                else _("One bar per country; the table below gives the same numbers."),
            )
        if indicator.available and indicator.additive:
            block.trend = trend(indicator, query)
        blocks.append(block)
    return blocks


def _bar_label(value: IndicatorValue) -> str:
    name = country_name(value.country)
    return f"{name}: {value.label}" if value.label else name


def trend(indicator: Indicator, query: IndicatorQuery) -> list[tuple[int, float]]:
    """The indicator over time: its total (for the chosen country, or all) at the end of each year."""
    out = []
    for year in sorted(available_years()):
        values = indicator.values(IndicatorQuery(country=query.country, year=year)) or []
        out.append((year, sum(v.value or 0 for v in values)))
    return out


def dashboard(request: HttpRequest) -> HttpResponse:
    query, problems = parse_query(request.GET)
    blocks = indicator_blocks(query)
    figures = context_figures()
    caf = figures["caf_govtech_index_2020"]
    caf_rows = sorted(caf["scores"].items(), key=lambda kv: -kv[1])
    codes = set(Organisation.objects.exclude(country="").values_list("country", flat=True)) | set(caf["scores"])
    countries = sorted(((code, country_name(code)) for code in codes), key=lambda pair: pair[1])
    return render(
        request,
        "recommendations/dashboard.html",
        {
            "blocks": blocks,
            "query": query,
            "problems": list(problems.values()),
            "countries": countries,
            "years": available_years(),
            "live": [b for b in blocks if b.indicator.available],
            "pending": [b for b in blocks if not b.indicator.available],
            "caf": caf,
            "caf_title": localize(caf["title"]),
            "caf_note": localize(caf["note"]),
            "caf_rows": caf_rows,
            "caf_chart": bar_chart_svg(
                rows=[(country_name(c), v) for c, v in caf_rows],
                ident="chart-caf",
                title=localize(caf["title"]).text,
                desc=_("CAF GovTech Index 2020 score per country, out of 10."),
                css_class="portal-bar portal-bar--context",
            ),
            "ie": figures["ie_govtech_100_2020"],
            "ie_title": localize(figures["ie_govtech_100_2020"]["title"]),
            "figures": [
                {"value": f["value"], "label": localize(f["label"]), "source": f["source"]} for f in figures["figures"]
            ],
            "instrument_count": Instrument.objects.published().count(),
            "csv_url": reverse("recommendations:dashboard-csv")
            + ("?" + request.GET.urlencode() if request.GET else ""),
            "breadcrumbs": [(_("Ecosystem dashboard"), None)],
        },
    )


def dashboard_csv(request: HttpRequest) -> HttpResponse:
    """The same indicators as CSV: one row per indicator and country (or a 'not yet available' row)."""
    query, _problems = parse_query(request.GET)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="govtech-indicators.csv"'
    writer = csv.writer(response)
    writer.writerow(["indicator", "title", "recommendation", "country", "category", "period", "value", "status"])
    for block in indicator_blocks(query):
        ind = block.indicator
        title = _csv_safe(ind.localized_title.text)
        if block.values is None:
            writer.writerow(
                [ind.code, title, ind.recommendation, query.country or "", "", query.period, "", "not_yet_available"]
            )
            continue
        for v in block.values:
            writer.writerow(
                [
                    ind.code,
                    title,
                    ind.recommendation,
                    v.country,
                    v.category,
                    v.period,
                    "" if v.value is None else f"{v.value:g}",
                    "live",
                ]
            )
    return response


def _csv_safe(text: Any) -> str:
    """Neutralise spreadsheet formulas (CSV injection) in text cells."""
    text = str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
