"""Country names in the reader's language (Babel's CLDR data), from ISO alpha-2 codes."""

from __future__ import annotations

from functools import cache

from babel import Locale
from django.utils.translation import get_language

REGIONS = {
    "EU": {"es": "Unión Europea", "pt-br": "União Europeia", "en": "European Union"},
    "XL": {"es": "América Latina (regional)", "pt-br": "América Latina (regional)", "en": "Latin America (regional)"},
}


@cache
def _territories(language: str) -> dict[str, str]:
    return dict(Locale.parse(language.replace("-", "_")).territories)


def country_name(code: str, language: str | None = None) -> str:
    """``"CO"`` → ``"Colombia"``; unknown codes come back unchanged."""
    code = (code or "").upper()
    language = (language or get_language() or "es").lower()
    if language.startswith("pt"):
        language = "pt-br"
    if code in REGIONS:
        return REGIONS[code].get(language, REGIONS[code]["en"])
    try:
        return _territories("pt_BR" if language == "pt-br" else language.split("-")[0]).get(code, code)
    except (ValueError, LookupError):
        return code
