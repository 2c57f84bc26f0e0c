"""The catalogue: lines of action, recommendations and their versions.

A recommendation's content lives in its versions. Every saved change is a new
``RecommendationVersion`` (who, when, a full snapshot); the recommendation points at
the version the public sees (``published_version``). Editing after publication makes
a new draft version while the public keeps seeing the published one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from govtech.accounts.roles import Actor, signed_in
from recommendations.translation import Localized, localize

if TYPE_CHECKING:
    from recommendations.models.instruments import Instrument

TRANSLATED_FIELDS = ("title", "summary", "body", "actors", "evidence", "indicators")


class LineOfAction(models.Model):
    """One of the report's three lines of action; groups the recommendations."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.JSONField(_("title"), default=dict, help_text=_("Per language: es, pt-br, en."))
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("line of action")
        verbose_name_plural = _("lines of action")

    def __str__(self) -> str:
        return f"{self.number}. {self.localized_title}"

    @property
    def localized_title(self) -> Localized:
        return localize(self.title)

    @property
    def localized_summary(self) -> Localized:
        return localize(self.summary)


class RecommendationQuerySet(models.QuerySet["Recommendation"]):
    def published(self) -> RecommendationQuerySet:
        """What the public sees: has a published version and is not archived."""
        return self.filter(published_version__isnull=False).exclude(status=Recommendation.Status.ARCHIVED)

    def visible_to(self, user: Actor) -> RecommendationQuerySet:
        if signed_in(user) and user.has_site_role("admin", "editor", "publisher", "auditor"):
            return self.all()
        return self.published()

    def with_content(self) -> RecommendationQuerySet:
        return self.select_related("line", "published_version", "latest_version")


class Recommendation(models.Model):
    """A recommendation of the catalogue. Its ``slug`` never changes: links use it.

    ``number`` and ``position`` can be changed (renumbering); old numbers are kept in
    ``NumberAlias`` so ``/recommendations/n/<number>/`` keeps working.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    line = models.ForeignKey(LineOfAction, on_delete=models.PROTECT, related_name="recommendations")
    number = models.PositiveSmallIntegerField(_("number"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    latest_version = models.ForeignKey(
        "RecommendationVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_version = models.ForeignKey(
        "RecommendationVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    instruments: models.ManyToManyField[Instrument, Any] = models.ManyToManyField(
        "Instrument", blank=True, related_name="recommendations"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["number"], name="recommendation_number_unique", deferrable=models.Deferrable.DEFERRED
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="recommendation_number_positive"),
        ]

    def __str__(self) -> str:
        version = self.latest_version or self.published_version
        title = localize(version.content.get("title")).text if version else self.slug
        return f"{self.number}. {title}"

    @property
    def has_unpublished_changes(self) -> bool:
        return self.latest_version_id is not None and self.latest_version_id != self.published_version_id


class RecommendationVersion(models.Model):
    """A full snapshot of a recommendation's content, written on every saved change.

    ``content`` holds the translated fields (``title``, ``summary``, ``body``,
    ``actors``, ``evidence``, ``indicators``: each ``{language: text}``) plus
    ``tags`` (list of strings) and ``sources`` (list of ``{"title", "url"}``).
    """

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"), default=dict)
    note = models.CharField(_("change note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    restored_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["recommendation", "-number"]
        verbose_name = _("recommendation version")
        verbose_name_plural = _("recommendation versions")
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "number"], name="recommendation_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation.slug} v{self.number}"

    def text(self, field: str, language: str | None = None) -> Localized:
        return localize(self.content.get(field), language)

    @property
    def tags(self) -> list[str]:
        return list(self.content.get("tags") or [])

    @property
    def sources(self) -> list[dict[str, str]]:
        return list(self.content.get("sources") or [])


class NumberAlias(models.Model):
    """A number a recommendation had before it was renumbered; keeps old links working."""

    number = models.PositiveSmallIntegerField(_("former number"))
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="number_aliases")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("former number")
        verbose_name_plural = _("former numbers")

    def __str__(self) -> str:
        return f"{self.number} → {self.recommendation.slug}"
