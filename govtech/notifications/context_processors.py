"""The header's counts: unread inbox entries beside "Inbox", and the work that waits for the person."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from govtech.accounts.navigation import request_roles
from govtech.accounts.roles import signed_in
from govtech.notifications.selectors import unread_count
from govtech.notifications.waiting import header_count


def inbox_badge(request: HttpRequest) -> dict[str, Any]:
    """``notifications_badge``: ``{"url", "unread"}`` for signed-in people (counted lazily, once)."""
    user = getattr(request, "user", None)
    if user is None or not signed_in(user):
        return {}

    def badge() -> dict[str, Any]:
        return {"url": reverse("notifications:inbox"), "unread": unread_count(user)}

    def needs_you() -> dict[str, Any]:
        held = request_roles(request, user).held
        return {"url": reverse("notifications:needs_you"), "count": header_count(user, held=held)}

    # Lazy: counted once per request, and only by a template that shows them (one query each; the work waiting is
    # kept per person for a minute, ``waiting.header_count``).
    return {"notifications_badge": SimpleLazyObject(badge), "needs_you": SimpleLazyObject(needs_you)}
