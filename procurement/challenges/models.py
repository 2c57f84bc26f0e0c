"""Challenges: problem statements a public body publishes (not solutions)."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from govtech.accounts.models import Organisation
from govtech.accounts.roles import Actor, is_admin, public_body_ids


class ChallengeQuerySet(models.QuerySet["Challenge"]):
    def published(self) -> ChallengeQuerySet:
        return self.filter(status__in=[Challenge.Status.PUBLISHED, Challenge.Status.CLOSED])

    def visible_to(self, user: Actor) -> ChallengeQuerySet:
        if is_admin(user):
            return self.all()
        return self.filter(
            Q(status__in=[Challenge.Status.PUBLISHED, Challenge.Status.CLOSED]) | Q(body_id__in=public_body_ids(user))
        )


class Challenge(models.Model):
    """A problem statement published by a public body (not a solution)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")
        ARCHIVED = "archived", _("Archived")

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
