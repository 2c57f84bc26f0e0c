"""Template filters of the registry pages."""

from __future__ import annotations

from django import template

from startups.filters import country_name

register = template.Library()


@register.filter(name="country_name")
def country_name_filter(code: str) -> str:
    """``{{ "CO"|country_name }}`` → "Colombia", in the active language."""
    return country_name(code) if code else ""
