"""The notification outbox: rows written in the business transaction, delivered by workers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govtech.accounts.roles import Actor, signed_in
from govtech.notifications.kinds import SEALED_EVENT_KEY_PREFIX, SEALED_KINDS, kind_choices


class Frequency(models.TextChoices):
    """How often a person wants to hear about a kind of event on a channel."""

    IMMEDIATE = "immediate", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("Never")


class OutboxQuerySet(models.QuerySet[Any]):
    def claimable(self, now: Any = None) -> OutboxQuerySet:
        """Rows a worker may claim now: due and unclaimed, or claimed by a worker whose claim expired."""
        now = now or timezone.now()
        return self.filter(
            Q(status=OutboxRow.Status.PENDING, next_attempt_at__lte=now)
            | Q(status=OutboxRow.Status.SENDING, claimed_until__lt=now)
        )

    def failed(self) -> OutboxQuerySet:
        return self.filter(status=OutboxRow.Status.FAILED)

    def listed_for_staff(self, viewer: Actor) -> OutboxQuerySet:
        """What the operators' lists (the Django admin) show ``viewer``: every row but those about an
        organisation's sealed work (``SEALED_KINDS``: a receipt's kind and recipient tell who applied), except
        their own. Workers still deliver and retry them."""
        hidden = Q(kind__in=SEALED_KINDS) | Q(event_key__startswith=SEALED_EVENT_KEY_PREFIX)
        if signed_in(viewer) and self.model is Notification:
            hidden &= ~Q(recipient_id=viewer.pk)
        return self.exclude(hidden)


class OutboxRow(models.Model):
    """The delivery state shared by every outbox table (notifications, webhook deliveries).

    A worker claims a row with a conditional UPDATE (``status`` and ``claimed_until``),
    sends, then records the result. ``attempts`` counts claims, so a worker that dies
    mid-send still uses up an attempt; ``next_attempt_at`` carries the backoff.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        HELD = "held", _("Held for a digest")
        DIGESTED = "digested", _("Sent in a digest")

    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        abstract = True


class NotificationQuerySet(OutboxQuerySet):
    def inbox_of(self, user: Actor) -> NotificationQuerySet:
        """The inbox entries a person may see: their own, and only their own."""
        if not signed_in(user):
            return self.none()
        return self.filter(recipient=user, channel=Notification.Channel.INBOX)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(OutboxRow):
    """One message about one event to one person on one channel.

    Unique per recipient, kind, event and channel, so emitting an event twice tells
    nobody twice. Inbox rows are delivered when written (the inbox is this table);
    e-mail rows wait for a worker, or are held for the person's digest.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        INBOX = "inbox", _("Portal inbox")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=32, choices=kind_choices)
    event_key = models.CharField(_("event key"), max_length=200)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    frequency = models.CharField(_("frequency"), max_length=16, choices=Frequency.choices, default=Frequency.IMMEDIATE)
    context = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=500, blank=True)
    group_key = models.CharField(_("group"), max_length=200, blank=True)
    group_label = models.CharField(_("group label"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    digest = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="digested", verbose_name=_("digest")
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "event_key", "channel"], name="notification_once"),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notification_due"),
            models.Index(fields=["kind", "event_key"], name="notification_event"),
            models.Index(
                fields=["recipient", "created_at"],
                name="notification_unread",
                condition=Q(channel="inbox", read_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id} ({self.channel})"
