"""Notification models: the outbox, preferences, webhooks and saved searches."""

from __future__ import annotations

from govtech.notifications.models.outbox import Frequency, Notification, OutboxRow
from govtech.notifications.models.preferences import Preference
from govtech.notifications.models.searches import SavedSearch
from govtech.notifications.models.webhooks import WebhookDelivery, WebhookSubscription

__all__ = [
    "Frequency",
    "Notification",
    "OutboxRow",
    "Preference",
    "SavedSearch",
    "WebhookDelivery",
    "WebhookSubscription",
]
