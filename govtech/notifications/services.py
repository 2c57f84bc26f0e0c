from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from govtech.notifications.models import Notification


def notification_emit(
    *,
    kind: str,
    recipients: Iterable[Any],
    event_key: str,
    context: dict[str, Any],
    url: str = "",
) -> int:
    """Write the outbox rows for an event, inside the caller's transaction.

    ``event_key`` identifies the event (e.g. ``"supplier:12:verified:3"``); with the
    recipient, kind and channel it is unique, so emitting the same event twice
    notifies nobody twice. ``context`` holds JSON-safe values for the templates.
    Returns the number of rows written.
    """
    rows = [
        Notification(recipient=user, kind=kind, event_key=event_key, channel=channel, context=context, url=url)
        for user in {u.pk: u for u in recipients if u is not None}.values()
        for channel in (Notification.Channel.INBOX, Notification.Channel.EMAIL)
    ]
    created = Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(created)
