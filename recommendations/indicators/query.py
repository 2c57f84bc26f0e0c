"""Reading indicator filters (country, year) from a request's query string."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from recommendations.indicators.builtin import available_years
from recommendations.indicators.registry import IndicatorQuery


def parse_query(params: Mapping[str, str]) -> tuple[IndicatorQuery, dict[str, str]]:
    """Read ``country`` and ``year``; bad values are dropped and reported per field."""
    problems: dict[str, str] = {}
    country = (params.get("country") or "").strip().upper()
    if country and (len(country) != 2 or not country.isalpha()):
        problems["country"] = _("Choose a country from the list.")
        country = ""
    year: int | None = None
    raw_year = (params.get("year") or "").strip()
    if raw_year:
        if raw_year.isdigit() and int(raw_year) in available_years():
            year = int(raw_year)
        else:
            problems["year"] = _("Choose a year from the list.")
    return IndicatorQuery(country=country or None, year=year), problems
