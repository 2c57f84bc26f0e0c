"""The evaluation block on the home page: for someone on a panel, their assignments and what is left."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from procurement.evaluation.selectors import assignments_of


def home_blocks(request: HttpRequest) -> list[str]:
    mine = assignments_of(request.user)
    if not mine:
        return []
    return [render_to_string("evaluation/home_block.html", {"assignments": mine}, request=request)]
