"""Webhooks for integrators: subscriptions and their delivery log (an outbox of its own)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from govtech.accounts.models import Membership, Organisation
from govtech.accounts.roles import Actor, signed_in
from govtech.notifications.kinds import Kind, kind_choices
from govtech.notifications.models.outbox import OutboxQuerySet, OutboxRow


class WebhookSubscriptionQuerySet(models.QuerySet["WebhookSubscription"]):
    def visible_to(self, user: Actor) -> WebhookSubscriptionQuerySet:
        """A person's own subscriptions, and those of organisations they own."""
        if not signed_in(user):
            return self.none()
        owned_orgs = Membership.objects.active().filter(user=user, role=Membership.Role.OWNER).values("organisation_id")
        return self.filter(Q(owner_user=user) | Q(owner_organisation__in=owned_orgs))

    def active(self) -> WebhookSubscriptionQuerySet:
        return self.filter(is_active=True)


class WebhookSubscription(models.Model):
    """An integrator's endpoint that receives the chosen kinds of event, signed with ``secret``.

    Owned by exactly one person or one organisation. The secret is shown once, when the
    subscription is created; it is kept to sign payloads (HMAC-SHA256).
    """

    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="webhooks"
    )
    owner_organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="webhooks"
    )
    target_url = models.URLField(_("target URL"), max_length=500)
    secret = models.CharField(max_length=128)
    kinds = ArrayField(models.CharField(max_length=32, choices=kind_choices), verbose_name=_("event kinds"))
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WebhookSubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_user__isnull=False, owner_organisation__isnull=True)
                | Q(owner_user__isnull=True, owner_organisation__isnull=False),
                name="webhook_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.target_url

    @property
    def kind_labels(self) -> list[str]:
        return [str(Kind(kind).label) if kind in Kind.values else kind for kind in self.kinds]


class WebhookDelivery(OutboxRow):
    """One event sent (or to be sent) to one subscription: the delivery log."""

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(_("kind"), max_length=32, choices=kind_choices)
    event_key = models.CharField(_("event key"), max_length=200)
    payload = models.JSONField(default=dict)
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "kind", "event_key"], name="webhook_delivery_once"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.subscription_id}"
