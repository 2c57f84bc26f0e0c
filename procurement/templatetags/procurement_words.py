"""Names instead of codes on the procurement pages: ``{% load procurement_words %}``."""

from __future__ import annotations

from django import template

from procurement.calls.criteria import criterion_label

register = template.Library()


@register.filter
def criterion(name: object) -> str:
    """``{{ criterion.name|criterion }}`` → "Impacto" for the standard criterion "impact"."""
    return criterion_label(name)
