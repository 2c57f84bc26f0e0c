"""The portal inbox: the notification row is the message, delivered when it is written."""

from __future__ import annotations

from govtech.notifications.models import Notification, OutboxRow


class InboxChannel:
    """Nothing to send: an inbox row is visible as soon as the business transaction commits."""

    name = "inbox"

    @staticmethod
    def initial_status() -> str:
        return OutboxRow.Status.SENT

    @staticmethod
    def visible(notification: Notification) -> bool:
        return notification.channel == Notification.Channel.INBOX
