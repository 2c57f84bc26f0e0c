"""The notification outbox: rows written in the business transaction, delivered by workers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from govtech.notifications.kinds import Kind


class Notification(models.Model):
    """One message to one person on one channel. Unique per recipient, kind, event and channel."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        INBOX = "inbox", _("Portal inbox")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    event_key = models.CharField(max_length=200)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    context = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "event_key", "channel"], name="notification_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id} ({self.channel})"
