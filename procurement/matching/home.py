"""Matching's block on the home page: a supplier's people see their best recommendations."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from procurement.matching import selectors


def home_blocks(request: HttpRequest) -> list[str]:
    if not request.user.is_authenticated:
        return []
    rows = selectors.recommendations_for_home(request.user, limit=3)
    if not rows:
        return []
    return [render_to_string("matching/home_block.html", {"rows": rows}, request=request)]
