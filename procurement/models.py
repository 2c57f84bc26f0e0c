"""Public bodies, challenges (problem statements) and calls (innovation-procurement opportunities)."""

from __future__ import annotations

import datetime
import zoneinfo
from decimal import Decimal
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from govtech.accounts.models import Membership, Organisation

# Brazil's CPSI test contract (Lei Complementar 182/2021, art. 14): value cap per contract.
CPSI_VALUE_CAP_BRL = Decimal("1600000.00")
CPSI_MAX_MONTHS = 24


def _is_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_portal_admin", False))


def body_ids_of(user: Any, roles: frozenset[str] | set[str] | None = None) -> list[int]:
    """Ids of public-body organisations where ``user`` holds an active role (any by default)."""
    if not getattr(user, "is_authenticated", False):
        return []
    qs = Membership.objects.filter(
        user=user, status=Membership.Status.ACTIVE, organisation__kind=Organisation.Kind.PUBLIC_BODY
    )
    if roles:
        qs = qs.filter(role__in=roles)
    return list(qs.values_list("organisation_id", flat=True))


class PublicBodyQuerySet(models.QuerySet["PublicBody"]):
    def verified(self) -> PublicBodyQuerySet:
        return self.filter(verification_status=PublicBody.Verification.VERIFIED)

    def visible_to(self, user: Any) -> PublicBodyQuerySet:
        """Everyone sees verified bodies; members see their own, proposers what they proposed; admins see all."""
        if _is_admin(user):
            return self.all()
        mine = Q(organisation_id__in=body_ids_of(user))
        if getattr(user, "is_authenticated", False):
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
        """Whether ``email`` is on one of the official domains (exact domain, case-insensitive)."""
        domain = email.rpartition("@")[2].strip().lower()
        return bool(domain) and domain in {d.strip().lower().lstrip("@") for d in self.email_domains}

    def clean(self) -> None:
        import pycountry

        if pycountry.countries.get(alpha_2=self.country.upper()) is None:
            raise ValidationError({"country": _("Unknown country code.")})
        if self.subdivision and pycountry.subdivisions.get(code=self.subdivision.upper()) is None:
            raise ValidationError({"subdivision": _("Unknown ISO 3166-2 subdivision.")})
        try:
            zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise ValidationError({"timezone": _("Unknown time zone.")}) from exc


class ChallengeQuerySet(models.QuerySet["Challenge"]):
    def published(self) -> ChallengeQuerySet:
        return self.filter(status__in=[Challenge.Status.PUBLISHED, Challenge.Status.CLOSED])

    def visible_to(self, user: Any) -> ChallengeQuerySet:
        if _is_admin(user):
            return self.all()
        return self.filter(
            Q(status__in=[Challenge.Status.PUBLISHED, Challenge.Status.CLOSED]) | Q(body_id__in=body_ids_of(user))
        )


class Challenge(models.Model):
    """A problem statement published by a public body (not a solution)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")
        ARCHIVED = "archived", _("Archived")

    TRANSITIONS: dict[str, set[str]] = {
        Status.DRAFT: {Status.PUBLISHED},
        Status.PUBLISHED: {Status.CLOSED, Status.ARCHIVED},
        Status.CLOSED: {Status.ARCHIVED},
        Status.ARCHIVED: set(),
    }

    body = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="challenges")
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("the problem and its context"))
    affected = models.TextField(_("who suffers it"), blank=True)
    current_situation = models.TextField(_("current situation"), blank=True)
    expected_outcomes = models.TextField(_("expected outcomes and indicators"), blank=True)
    constraints = models.TextField(_("constraints (data, regulation, integration)"), blank=True)
    sectors = ArrayField(models.SlugField(max_length=60), default=list, blank=True)
    cpv_codes = ArrayField(models.CharField(max_length=8), default=list, blank=True)
    technologies = ArrayField(models.SlugField(max_length=60), default=list, blank=True)
    regions = ArrayField(models.CharField(max_length=6), default=list, blank=True)
    budget = models.DecimalField(_("indicative budget"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    timeline = models.TextField(_("timeline"), blank=True)
    contact_email = models.EmailField(_("contact"), blank=True)
    language = models.CharField(max_length=2, default="es")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Weighted, accent-folded, in the challenge's language config; written by procurement.search.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ChallengeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [GinIndex(fields=["search_vector"], name="challenge_search_gin")]

    def __str__(self) -> str:
        return self.title


class CallQuerySet(models.QuerySet["Call"]):
    def public(self) -> CallQuerySet:
        return self.exclude(status__in=[Call.Status.DRAFT, Call.Status.IN_APPROVAL])

    def open(self) -> CallQuerySet:
        return self.filter(status=Call.Status.PUBLISHED)

    def due_to_close(self, now: datetime.datetime) -> CallQuerySet:
        return self.filter(status=Call.Status.PUBLISHED, submission_deadline__lte=now)

    def visible_to(self, user: Any) -> CallQuerySet:
        """Drafts and calls in approval are only seen by the body's members (and admins)."""
        if _is_admin(user):
            return self.all()
        return self.filter(
            ~Q(status__in=[Call.Status.DRAFT, Call.Status.IN_APPROVAL]) | Q(body_id__in=body_ids_of(user))
        )


class Call(models.Model):
    """An innovation-procurement opportunity, tied to a challenge or standing alone."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_APPROVAL = "in_approval", _("In approval")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed for submissions")
        IN_EVALUATION = "in_evaluation", _("In evaluation")
        AWARDED = "awarded", _("Awarded")
        UNSUCCESSFUL = "unsuccessful", _("Unsuccessful")
        CANCELLED = "cancelled", _("Cancelled")

    class Instrument(models.TextChoices):
        PRIZE = "prize", _("Open innovation challenge / prize")
        MARKET_CONSULTATION = "market_consultation", _("Market consultation (RFI)")
        PILOT = "pilot", _("Paid pilot or proof of concept")
        PCP = "pcp", _("Pre-commercial procurement (phases)")
        PPI = "ppi", _("Public procurement of innovative solutions")
        PARTNERSHIP = "partnership", _("Innovation partnership")
        CPSI = "cpsi", _("CPSI test contract (Brazil)")
        OTHER = "other", _("Other")

    body = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="calls")
    challenge = models.ForeignKey(Challenge, null=True, blank=True, on_delete=models.SET_NULL, related_name="calls")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    instrument = models.CharField(_("instrument"), max_length=24, choices=Instrument.choices)
    instrument_other = models.CharField(_("other instrument name"), max_length=120, blank=True)
    phases = models.JSONField(_("phases"), default=list, blank=True)
    sectors = ArrayField(models.SlugField(max_length=60), default=list, blank=True)
    cpv_codes = ArrayField(models.CharField(max_length=8), default=list, blank=True)
    technologies = ArrayField(models.SlugField(max_length=60), default=list, blank=True)
    regions = ArrayField(models.CharField(max_length=6), default=list, blank=True)
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    duration_months = models.PositiveSmallIntegerField(null=True, blank=True)
    smes_only = models.BooleanField(default=False)
    startups_only = models.BooleanField(default=False)
    eligible_countries = ArrayField(models.CharField(max_length=2), default=list, blank=True)
    consortia_allowed = models.BooleanField(default=True)
    verified_suppliers_only = models.BooleanField(default=False)
    criteria = models.JSONField(_("evaluation criteria"), default=list)
    timezone = models.CharField(max_length=64, default="America/Bogota")
    publication_date = models.DateTimeField(null=True, blank=True)
    questions_deadline = models.DateTimeField()
    submission_deadline = models.DateTimeField()
    expected_decision = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=2, default="es")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    cancel_reason = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    evaluation_started_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Weighted, accent-folded, in the call's language config; written by procurement.search.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["submission_deadline"]
        indexes = [
            models.Index(fields=["status", "submission_deadline"], name="call_status_deadline"),
            # the API's default order (deadline, id) over every public status: read in index order, stop at a page
            models.Index(fields=["submission_deadline", "id"], name="call_deadline_id"),
            GinIndex(fields=["search_vector"], name="call_search_gin"),
        ]

    def __str__(self) -> str:
        return self.title


class CallDocument(models.Model):
    """A document attached to a call (terms, annexes); served through a permission-checked view.

    A document added by an amendment may replace an earlier one: the earlier one stays listed, marked replaced.
    """

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="calls/documents/")
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveIntegerField(default=0)
    amendment = models.ForeignKey("CallAmendment", null=True, blank=True, on_delete=models.SET_NULL)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaced_by")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title


class ChallengeAttachment(models.Model):
    """A file attached to a challenge (studies, data descriptions); checked by content when uploaded."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="challenges/attachments/")
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title


class CallAmendment(models.Model):
    """A numbered change to a published call: what changed, why, when."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="amendments")
    number = models.PositiveIntegerField()
    reason = models.TextField()
    changes = models.JSONField(default=dict)
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["call", "number"], name="amendment_number_unique")]


class Question(models.Model):
    """A clarification question; the asker's identity is only shown to the body's officers."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ANSWERED = "answered", _("Answered")
        REJECTED = "rejected", _("Rejected as out of scope")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    asked_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    supplier = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at"]


class CallFollow(models.Model):
    """A user following a call to hear about amendments and answers."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["call", "user"], name="call_follow_unique")]


from procurement.bodies_models import BodyInvitation  # noqa: E402, F401  (models of the body-membership flow)
