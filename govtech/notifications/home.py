"""The home page block: unread notifications of the signed-in person."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from govtech.notifications.rendering import render_message
from govtech.notifications.selectors import inbox_for


def home_blocks(request: HttpRequest) -> list[str]:
    if not request.user.is_authenticated:
        return []
    unread = list(inbox_for(request.user).unread()[:3])
    if not unread:
        return []
    entries = [(n, render_message(n.kind, n.context)) for n in unread]
    return [render_to_string("notifications/home_block.html", {"entries": entries}, request=request)]
