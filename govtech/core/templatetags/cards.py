"""Result cards kept per row: ``{% load cards %}{% row_cards page "app/includes/card.html" "name" as cards %}``,
then ``{% for row, before, after in cards %}{{ before }}…what depends on the search…{{ after }}{% endfor %}``
(``govtech.core.fragments.cached_rows``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django import template
from django.utils.safestring import SafeString

from govtech.core import fragments

register = template.Library()


@register.simple_tag
def row_cards(
    rows: Iterable[Any], card_template: str, name: str, timeout: int = fragments.DEFAULT_TIMEOUT, extra: str = ""
) -> Sequence[tuple[Any, SafeString, SafeString]]:
    """Each row with its card's HTML before and after the card's ``{{ slot }}``, kept per state of the row
    (``extra``: comma-separated list attributes of the row that the card shows, e.g. ``sanctions_in_force``)."""
    attrs = [part.strip() for part in extra.split(",") if part.strip()]
    return fragments.cached_rows(name, card_template, rows, timeout, extra=attrs)
