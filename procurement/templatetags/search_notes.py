"""What a search result matched through another language: "matched “cybersecurity” for “ciberseguridad”"."""

from __future__ import annotations

from django import template

from procurement import search
from procurement.calls.models import Call
from procurement.challenges.models import Challenge

register = template.Library()


@register.simple_tag
def matched_through(row: Call | Challenge, query: str | None) -> list[tuple[str, str]]:
    """(name found in the row, the query's words) pairs; empty without a query or when the row has its words."""
    if not query or not isinstance(row, Call | Challenge):
        return []
    return search.matched_through(row, query)


@register.simple_tag
def card_matched_through(words: str, query: str | None) -> list[tuple[str, str]]:
    """The same for a result card that kept the row's ``search.card_words``."""
    if not query or not isinstance(words, str):
        return []
    return search.matched_in(words, query)
