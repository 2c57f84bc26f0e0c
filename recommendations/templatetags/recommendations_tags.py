"""Template filters for translated texts and numbers."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from govtech.core.formatting import format_number
from recommendations.countries import country_name as _country_name
from recommendations.rendering import render_markdown
from recommendations.tags import tag_label as _tag_label
from recommendations.translation import Localized, localize

register = template.Library()


@register.filter
def tr(values: dict[str, Any] | None) -> Localized:
    """``{{ obj.title|tr }}``: the text in the active language, or its fallback."""
    return localize(values)


@register.filter
def markdown(text: Any) -> SafeString:
    return render_markdown(str(text or ""))


@register.filter
def score(value: float | None) -> str:
    """A score with one decimal in the page's language: "13,8" in Spanish, "13.8" in English."""
    return "—" if value is None else format_number(value, 1)


@register.filter
def tag_label(slug: object) -> str:
    """``{{ "open-data"|tag_label }}`` → "datos abiertos"."""
    return _tag_label(slug)


@register.filter
def get(mapping: dict[str, Any] | None, key: Any) -> Any:
    return (mapping or {}).get(str(key))


@register.filter
def country(code: str) -> str:
    return _country_name(code)
