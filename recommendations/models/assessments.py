"""Self-assessments: a public body rates its adoption of each recommendation."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from govtech.accounts.models import Membership, Organisation
from govtech.accounts.roles import Actor, signed_in

ASSESSOR_ROLES = (Membership.Role.OFFICER, Membership.Role.APPROVER)


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def published(self) -> AssessmentQuerySet:
        return self.filter(visibility=Assessment.Visibility.PUBLISHED)

    def of_member(self, user: Actor) -> AssessmentQuerySet:
        """Assessments of the bodies where ``user`` has any active membership."""
        if not signed_in(user):
            return self.none()
        return self.filter(
            organisation__memberships__user=user, organisation__memberships__status=Membership.Status.ACTIVE
        )

    def visible_to(self, user: Actor) -> AssessmentQuerySet:
        """Published ones for everyone; private ones only for the body's members."""
        if not signed_in(user):
            return self.published()
        mine = Organisation.objects.of_user(user).values("pk")
        return self.filter(Q(visibility=Assessment.Visibility.PUBLISHED) | Q(organisation__in=mine)).distinct()


class Assessment(models.Model):
    """A public body's current self-assessment; one per body. Snapshots keep its history."""

    class Visibility(models.TextChoices):
        PRIVATE = "private", _("Private: only our organisation sees it")
        PUBLISHED = "published", _("Published: anyone can see it")

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="govtech_assessment")
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    overall_score = models.FloatField(null=True, blank=True)
    line_scores = models.JSONField(default=dict, blank=True, help_text=_("Line number → score 0–100."))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")

    def __str__(self) -> str:
        return str(self.organisation)


class AssessmentItem(models.Model):
    """The body's rating of one recommendation, with evidence links and a note."""

    class Rating(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        IMPLEMENTED = "implemented", _("Implemented")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="items")
    recommendation = models.ForeignKey("Recommendation", on_delete=models.CASCADE, related_name="+")
    rating = models.CharField(_("adoption"), max_length=16, choices=Rating.choices, default=Rating.NOT_STARTED)
    evidence_links = ArrayField(models.URLField(max_length=500), default=list, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["recommendation__number"]
        verbose_name = _("assessment item")
        verbose_name_plural = _("assessment items")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "recommendation"], name="assessment_item_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.recommendation_id}: {self.rating}"


class AssessmentSnapshot(models.Model):
    """The assessment as saved at one moment: scores and ratings, for history over time."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="snapshots")
    taken_at = models.DateTimeField(auto_now_add=True, db_index=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    overall_score = models.FloatField(null=True, blank=True)
    line_scores = models.JSONField(default=dict, blank=True)
    ratings = models.JSONField(default=dict, blank=True, help_text=_("Recommendation slug → rating."))

    class Meta:
        ordering = ["-taken_at", "-id"]
        verbose_name = _("assessment snapshot")
        verbose_name_plural = _("assessment snapshots")

    def __str__(self) -> str:
        return f"{self.assessment} @ {self.taken_at:%Y-%m-%d %H:%M}"
