"""What each person wants to hear about, and how often."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from govtech.notifications.kinds import kind_choices
from govtech.notifications.models.outbox import Frequency, Notification


class Preference(models.Model):
    """A person's choice for one kind of event on one channel.

    No row means the default (immediately, on every channel). The inbox is either on
    (``immediate``) or ``off``: digests are an e-mail thing.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=kind_choices)
    channel = models.CharField(_("channel"), max_length=16, choices=Notification.Channel.choices)
    frequency = models.CharField(_("frequency"), max_length=16, choices=Frequency.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "channel"], name="preference_once"),
            models.CheckConstraint(
                condition=~models.Q(channel="inbox", frequency__in=["daily", "weekly"]),
                name="preference_inbox_no_digest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}/{self.channel}: {self.frequency}"

    def clean(self) -> None:
        if self.channel == Notification.Channel.INBOX and self.frequency in (Frequency.DAILY, Frequency.WEEKLY):
            raise ValidationError({"frequency": _("The inbox is either on or off.")})
