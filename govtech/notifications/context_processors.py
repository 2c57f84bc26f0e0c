"""The unread count shown beside "Inbox" in the header."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from govtech.accounts.roles import signed_in
from govtech.notifications.selectors import unread_count


def inbox_badge(request: HttpRequest) -> dict[str, Any]:
    """``notifications_badge``: ``{"url", "unread"}`` for signed-in people (counted lazily, once)."""
    user = getattr(request, "user", None)
    if user is None or not signed_in(user):
        return {}

    def badge() -> dict[str, Any]:
        return {"url": reverse("notifications:inbox"), "unread": unread_count(user)}

    return {"notifications_badge": SimpleLazyObject(badge)}
