"""Invitations to act for a public body: a single-use, expiring link sent by e-mail."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govtech.accounts.models import Membership


def token_digest(raw: str) -> str:
    """Only the SHA-256 of an invitation token is stored; the link in the e-mail carries the token."""
    return hashlib.sha256(raw.encode()).hexdigest()


class BodyInvitationQuerySet(models.QuerySet["BodyInvitation"]):
    def open(self) -> BodyInvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class BodyInvitation(models.Model):
    """An approver (or an admin) invites an e-mail address to act for a body with a role."""

    ROLE_CHOICES = [(r.value, r.label) for r in (Membership.Role.OFFICER, Membership.Role.EVALUATOR,
                                                 Membership.Role.APPROVER)]  # fmt: skip

    body = models.ForeignKey("procurement.PublicBody", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=16, choices=ROLE_CHOICES)
    token_digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = BodyInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} · {self.role}"

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "open"

    def as_audit(self) -> dict[str, Any]:
        return {"email": self.email, "role": self.role, "state": self.state}
