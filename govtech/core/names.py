"""Names of the portal's standard codes in the reader's language: countries, regions, languages.

Codes stay in the API, OCDS and CSV; pages and messages show these names (docs/accessibility-and-languages.md).
Names come from Babel's CLDR data (countries, languages) and pycountry (ISO 3166-2 subdivisions).
"""

from __future__ import annotations

from functools import cache

import pycountry
from babel import Locale
from django.utils.translation import get_language

REGIONS = {
    "EU": {"es": "Unión Europea", "pt-br": "União Europeia", "en": "European Union"},
    "XL": {"es": "América Latina (regional)", "pt-br": "América Latina (regional)", "en": "Latin America (regional)"},
}


def portal_language(language: str | None = None) -> str:
    """``"pt-BR"``, ``"pt_BR"``, ``"pt"`` → ``"pt-br"``; ``"es-CO"`` → ``"es"``; default: the active language."""
    language = (language or get_language() or "es").lower().replace("_", "-")
    if language.startswith("pt"):
        return "pt-br"
    return language.split("-")[0]


def babel_locale(language: str | None = None) -> str:
    """The Babel/CLDR locale of a portal language: ``"pt-br"`` → ``"pt_BR"``."""
    language = portal_language(language)
    return "pt_BR" if language == "pt-br" else language


@cache
def _locale(locale: str) -> Locale:
    return Locale.parse(locale)


def country_name(code: str, language: str | None = None) -> str:
    """``"CO"`` → "Colombia"; ``"BR"`` → "Brasil" in Spanish and Portuguese; unknown codes come back unchanged."""
    code = (code or "").strip().upper()
    language = portal_language(language)
    if code in REGIONS:
        return REGIONS[code].get(language, REGIONS[code]["en"])
    try:
        return str(_locale(babel_locale(language)).territories.get(code, code))
    except (ValueError, LookupError):
        return code


def region_name(code: str, language: str | None = None) -> str:
    """An ISO 3166-1 country or ISO 3166-2 subdivision: ``"CO-ANT"`` → "Antioquia (Colombia)"."""
    code = (code or "").strip().upper()
    if "-" not in code:
        return country_name(code, language)
    subdivision = pycountry.subdivisions.get(code=code)
    if subdivision is None:
        return code
    return f"{subdivision.name} ({country_name(code[:2], language)})"


def language_name(code: str, language: str | None = None) -> str:
    """``"es"`` → "español" on a Spanish page, "Spanish" on an English one; unknown codes come back unchanged."""
    code = (code or "").strip().replace("-", "_")
    if not code:
        return ""
    try:
        names = _locale(babel_locale(language)).languages
    except (ValueError, LookupError):
        return code
    return str(names.get(code) or names.get(code.split("_")[0].lower()) or code)
