"""A person's notifications, in their account's export and erased by its anonymisation."""

from __future__ import annotations

from typing import Any

from govtech.accounts.models import User
from govtech.accounts.personal_data import register_personal_data
from govtech.notifications.models import Notification


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "kind": n.kind,
            "channel": n.channel,
            "status": n.status,
            "event_key": n.event_key,
            "context": n.context,
            "url": n.url,
            "created_at": _iso(n.created_at),
            "read_at": _iso(n.read_at),
        }
        for n in Notification.objects.filter(recipient=user).order_by("created_at", "id")
    ]


def erase(user: User) -> None:
    Notification.objects.filter(recipient=user).delete()


def register() -> None:
    register_personal_data("notifications", export=export, erase=erase)
