"""Composite reads of the notifications app."""

from __future__ import annotations

from typing import Any

from govtech.accounts.roles import Actor, person
from govtech.notifications.kinds import PREFERENCE_KINDS
from govtech.notifications.models import Frequency, Notification, Preference, WebhookSubscription
from govtech.notifications.services import DEFAULT_FREQUENCY


def inbox_for(user: Actor) -> Any:
    return Notification.objects.inbox_of(user).order_by("-created_at", "-id")


def unread_count(user: Actor) -> int:
    return Notification.objects.inbox_of(user).unread().count()


def preference_grid(user: Actor) -> list[dict[str, Any]]:
    """One line per kind: ``{"kind", "label", "email", "inbox"}`` with the effective frequencies."""
    stored = {(p.kind, p.channel): p.frequency for p in Preference.objects.filter(user=person(user))}
    return [
        {
            "kind": str(kind),
            "label": kind.label,
            "email": stored.get((kind, Notification.Channel.EMAIL), DEFAULT_FREQUENCY),
            "inbox": stored.get((kind, Notification.Channel.INBOX), DEFAULT_FREQUENCY),
        }
        for kind in PREFERENCE_KINDS
    ]


def webhooks_for(user: Actor) -> Any:
    return WebhookSubscription.objects.visible_to(user).select_related("owner_organisation", "owner_user")


EMAIL_CHOICES = [(str(f.value), f.label) for f in Frequency]
INBOX_CHOICES = [
    (str(Frequency.IMMEDIATE.value), Frequency.IMMEDIATE.label),
    (str(Frequency.OFF.value), Frequency.OFF.label),
]
