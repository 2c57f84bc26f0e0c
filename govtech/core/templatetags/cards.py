"""Result cards kept per row: ``{% load cards %}{% row_cards page "app/includes/card.html" "name" as cards %}``,
then ``{% for card in cards %}{{ card.before }}…what depends on the search…{{ card.after }}{% endfor %}``
(``govtech.core.fragments.cached_rows``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.module_loading import import_string

from govtech.core import fragments

register = template.Library()


@register.simple_tag
def row_cards(
    page: fragments.IdsPage,
    card_template: str,
    name: str,
    timeout: int = fragments.DEFAULT_TIMEOUT,
    text: str = "",
) -> list[fragments.Card]:
    """The page's cards, kept per state of their rows (``text``: the dotted path of a function of a row whose
    result is kept with its card as ``card.text``, for the "matched in another language" note)."""
    keep: Any = import_string(text) if text else None
    return fragments.cached_rows(name, card_template, page, timeout, text=keep)
