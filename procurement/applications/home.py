"""The applications block on the home page: a supplier's people see their applications to calls still open
(the closest deadlines; drafts first), each with its deadline."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from procurement.applications import selectors
from procurement.applications.models import Application

HOME_ROWS = 5


def home_blocks(request: HttpRequest) -> list[str]:
    if not request.user.is_authenticated:
        return []
    rows = selectors.in_progress_for_home(user=request.user, limit=HOME_ROWS)
    if not rows:
        return []
    rows.sort(key=lambda a: (a.status != Application.Status.DRAFT, a.call.submission_deadline, a.pk))
    return [render_to_string("applications/home_block.html", {"applications": rows}, request=request)]
