"""Public bodies: the public-sector profile of an organisation, and invitations to join one."""

from __future__ import annotations

import hashlib
import zoneinfo
from typing import Any

import pycountry
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govtech.accounts.models import Membership, Organisation
from govtech.accounts.roles import Actor, is_admin, public_body_ids, signed_in
from procurement.bodies.domains import is_public_webmail, normalise


class PublicBodyQuerySet(models.QuerySet["PublicBody"]):
    def verified(self) -> PublicBodyQuerySet:
        return self.filter(verification_status=PublicBody.Verification.VERIFIED)

    def visible_to(self, user: Actor) -> PublicBodyQuerySet:
        """Everyone sees verified bodies; members see their own, proposers what they proposed; admins see all."""
        if is_admin(user):
            return self.all()
        mine = Q(organisation_id__in=public_body_ids(user))
        if signed_in(user):
            mine |= Q(proposed_by=user)
        return self.filter(Q(verification_status=PublicBody.Verification.VERIFIED) | mine)


class PublicBody(models.Model):
    """The public-sector profile of an ``Organisation`` of kind public_body."""

    class BodyKind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        AGENCY = "agency", _("Agency")
        REGIONAL_GOVERNMENT = "regional_government", _("Regional government")
        MUNICIPALITY = "municipality", _("Municipality")
        STATE_COMPANY = "state_company", _("State company")

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        REGIONAL = "regional", _("Regional")
        LOCAL = "local", _("Local")

    class Verification(models.TextChoices):
        PENDING = "pending", _("Pending verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="public_body")
    kind = models.CharField(_("kind"), max_length=24, choices=BodyKind.choices)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2"))
    subdivision = models.CharField(_("subdivision"), max_length=6, blank=True, help_text=_("ISO 3166-2"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    identifier_scheme = models.CharField(_("identifier scheme"), max_length=20, blank=True)
    identifier = models.CharField(_("identifier"), max_length=60, blank=True)
    email_domains = ArrayField(models.CharField(max_length=120), default=list, blank=True)
    verified_domains = ArrayField(
        models.CharField(max_length=120),
        default=list,
        blank=True,
        help_text=_("The official domains an administrator verified: only these count to join by address."),
    )
    timezone = models.CharField(_("time zone"), max_length=64, default="America/Bogota")
    logo = models.FileField(_("logo"), upload_to="public-bodies/logos/", blank=True)
    verification_status = models.CharField(max_length=10, choices=Verification.choices, default=Verification.PENDING)
    verified_at = models.DateTimeField(null=True, blank=True)
    imported = models.BooleanField(default=False)
    claimed = models.BooleanField(default=False)
    proposed_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)

    objects = PublicBodyQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return self.organisation.name

    @property
    def is_verified(self) -> bool:
        return self.verification_status == self.Verification.VERIFIED

    @property
    def slug(self) -> str:
        return self.organisation.slug

    def domain_matches(self, email: str) -> bool:
        """Whether ``email`` is on one of the official domains an administrator verified (exact domain,
        case-insensitive); a public webmail domain never matches (``procurement.bodies.domains``)."""
        domain = email.rpartition("@")[2].strip().lower()
        return bool(domain) and domain in self.counted_domains and not is_public_webmail(domain)

    @property
    def counted_domains(self) -> set[str]:
        """The official domains that count: proposed (or set by an approver) and verified by an administrator."""
        verified = {normalise(d) for d in self.verified_domains}
        return {normalise(d) for d in self.email_domains if normalise(d) in verified}

    def clean(self) -> None:

        if pycountry.countries.get(alpha_2=self.country.upper()) is None:
            raise ValidationError({"country": _("Unknown country code.")})
        if self.subdivision and pycountry.subdivisions.get(code=self.subdivision.upper()) is None:
            raise ValidationError({"subdivision": _("Unknown ISO 3166-2 subdivision.")})
        try:
            zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise ValidationError({"timezone": _("Unknown time zone.")}) from exc


def token_digest(raw: str) -> str:
    """Only the SHA-256 of an invitation token is stored; the link in the e-mail carries the token."""
    return hashlib.sha256(raw.encode()).hexdigest()


class BodyInvitationQuerySet(models.QuerySet["BodyInvitation"]):
    def open(self) -> BodyInvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class BodyInvitation(models.Model):
    """An approver (or an admin) invites an e-mail address to act for a body with a role."""

    ROLE_CHOICES = [
        (r.value, r.label) for r in (Membership.Role.OFFICER, Membership.Role.EVALUATOR, Membership.Role.APPROVER)
    ]

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
