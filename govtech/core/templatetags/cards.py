"""Result cards kept per row: ``{% load cards %}{% row_cards page "app/includes/card.html" "fragment" as cards %}``,
then ``{% for row, before, after in cards %}{{ before }}…what depends on the search…{{ after }}{% endfor %}``
(``govtech.core.fragments.cached_rows``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from govtech.core import fragments

register = template.Library()


@register.simple_tag
def row_cards(
    rows: Iterable[Any], card_template: str, fragment: str, timeout: int = fragments.DEFAULT_TIMEOUT
) -> list[tuple[Any, str, str]]:
    """Each row with its card's HTML before and after the card's ``{{ slot }}``, cached under ``fragment``."""
    return fragments.cached_rows(fragment, card_template, rows, timeout)
