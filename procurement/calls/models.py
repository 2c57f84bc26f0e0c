"""Calls: innovation-procurement opportunities, their documents, amendments, questions and followers."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from govtech.accounts.models import Organisation
from govtech.accounts.roles import Actor, is_admin, public_body_ids
from procurement.challenges.models import Challenge

# Brazil's CPSI test contract (Lei Complementar 182/2021, art. 14): value cap per contract.
CPSI_VALUE_CAP_BRL = Decimal("1600000.00")


CPSI_MAX_MONTHS = 24


class CallQuerySet(models.QuerySet["Call"]):
    def public(self) -> CallQuerySet:
        return self.exclude(status__in=[Call.Status.DRAFT, Call.Status.IN_APPROVAL])

    def open(self) -> CallQuerySet:
        return self.filter(status=Call.Status.PUBLISHED)

    def due_to_close(self, now: datetime.datetime) -> CallQuerySet:
        return self.filter(status=Call.Status.PUBLISHED, submission_deadline__lte=now)

    def visible_to(self, user: Actor) -> CallQuerySet:
        """Drafts and calls in approval are only seen by the body's members (and admins)."""
        if is_admin(user):
            return self.all()
        return self.filter(
            ~Q(status__in=[Call.Status.DRAFT, Call.Status.IN_APPROVAL]) | Q(body_id__in=public_body_ids(user))
        )


class Call(models.Model):
    """An innovation-procurement opportunity, tied to a challenge or standing alone."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_APPROVAL = "in_approval", _("In approval")
        PUBLISHED = "published", pgettext_lazy("call status", "Published")
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
    # What an application must contain (procurement.calls.requirements); {} = the historic rule.
    requirements = models.JSONField(_("what an application must contain"), default=dict, blank=True)
    timezone = models.CharField(max_length=64, default="America/Bogota")
    publication_date = models.DateTimeField(null=True, blank=True)
    questions_deadline = models.DateTimeField()
    submission_deadline = models.DateTimeField()
    expected_decision = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=2, default="es")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    cancel_reason = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Four eyes: whoever drafted or sent the call for approval cannot approve it.
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
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
