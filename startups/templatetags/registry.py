"""Template filters of the registry pages."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from startups import code_names
from startups.filters import country_name
from startups.textsearch import matched_in

register = template.Library()


@register.filter(name="country_name")
def country_name_filter(code: str) -> str:
    """``{{ "CO"|country_name }}`` → "Colombia", in the active language."""
    return country_name(code) if code else ""


@register.filter
def sector_names(slugs: Iterable[str] | None) -> list[str]:
    """``{{ call.sectors|sector_names|join:", " }}`` → "Movilidad y transporte"."""
    return code_names.sector_names(slugs)


@register.filter
def technology_names(slugs: Iterable[str] | None) -> list[str]:
    """``{{ call.technologies|technology_names|join:", " }}`` → "Internet de las cosas"."""
    return code_names.technology_names(slugs)


@register.filter
def cpv_labels(codes: Iterable[str] | None) -> list[str]:
    """``{{ call.cpv_codes|cpv_labels }}`` → ``["72316000-3 Servicios de análisis de datos"]``."""
    return code_names.cpv_labels(codes)


@register.filter
def id_scheme(scheme: str | None) -> str:
    """``{{ supplier.identifier_scheme|id_scheme }}`` → "NIT (Colombia)"."""
    return code_names.scheme_name(scheme or "")


@register.simple_tag
def supplier_matched_through(words: str, query: str | None) -> list[tuple[str, str]]:
    """``{% supplier_matched_through card.text words as through %}``: what a profile whose card kept ``words``
    (``textsearch.card_words``) matched in another language ("cybersecurity" for "ciberseguridad"), for the
    results' note."""
    if not query or not isinstance(words, str):
        return []
    return matched_in(words, query)
