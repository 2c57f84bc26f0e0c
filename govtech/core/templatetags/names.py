"""Names instead of codes: ``{% load names %}`` then ``{{ supplier.languages|language_names|join:", " }}``."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from govtech.core import names

register = template.Library()


def _codes(value: Iterable[str] | str | None) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return [str(code) for code in value if code]


@register.filter
def country_names(value: Iterable[str] | str | None) -> list[str]:
    """``["CO", "BR"]`` → ``["Colombia", "Brasil"]``."""
    return [names.country_name(code) for code in _codes(value)]


@register.filter
def region_names(value: Iterable[str] | str | None) -> list[str]:
    """``["CO-ANT"]`` → ``["Antioquia (Colombia)"]``; country codes give the country's name."""
    return [names.region_name(code) for code in _codes(value)]


@register.filter
def language_names(value: Iterable[str] | str | None) -> list[str]:
    """``["es", "en"]`` → ``["español", "inglés"]`` on a Spanish page."""
    return [names.language_name(code) for code in _codes(value)]


@register.filter
def country_label(code: str | None) -> str:
    """One country: ``"CO"`` → "Colombia"."""
    return names.country_name(code) if code else ""


@register.filter
def language_label(code: str | None) -> str:
    """One language: ``"pt"`` → "portugués"."""
    return names.language_name(code) if code else ""
