"""Template filters of the registry pages."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from startups import code_names
from startups.filters import country_name
from startups.models import Supplier
from startups.textsearch import matched_through

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
def supplier_matched_through(supplier: Supplier, query: str | None) -> list[tuple[str, str]]:
    """``{% supplier_matched_through supplier request.GET.q as through %}``: what the profile matched in another
    language ("cybersecurity" for "ciberseguridad"), for the results' note."""
    if not query or not isinstance(supplier, Supplier):
        return []
    return matched_through(supplier, query)
