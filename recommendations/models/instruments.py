"""Instruments and programmes that foster govtech ecosystems, and links to practice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from govtech.accounts.roles import Actor, signed_in
from recommendations.translation import Localized, localize

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager

    from recommendations.models.catalogue import Recommendation


class InstrumentQuerySet(models.QuerySet["Instrument"]):
    def published(self) -> InstrumentQuerySet:
        return self.filter(status=Instrument.Status.PUBLISHED)

    def visible_to(self, user: Actor) -> InstrumentQuerySet:
        if signed_in(user) and user.has_site_role("admin", "editor", "publisher", "auditor"):
            return self.all()
        return self.published()


class Instrument(models.Model):
    """A lab, challenge programme, innovation-procurement instrument, accelerator or fund.

    Curated with a simpler workflow than recommendations: editors keep it in draft,
    publishers publish or archive it; every change is audited (no version history).
    """

    class Kind(models.TextChoices):
        LAB = "lab", _("Govtech lab or unit")
        CHALLENGE_PROGRAMME = "challenge_programme", _("Challenge programme")
        PROCUREMENT = "procurement", _("Innovation-procurement instrument")
        ACCELERATOR = "accelerator", _("Accelerator")
        FUND = "fund", _("Fund")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    country = models.CharField(
        _("country or region"), max_length=8, help_text=_("ISO 3166-1 alpha-2, or EU for the European Union")
    )
    name = models.JSONField(_("name"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    phases = models.JSONField(_("phases"), default=dict, blank=True)
    caps = models.JSONField(_("caps"), default=dict, blank=True)
    rules = models.JSONField(_("rules"), default=dict, blank=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InstrumentQuerySet.as_manager()
    if TYPE_CHECKING:
        recommendations: RelatedManager[Recommendation]

    class Meta:
        ordering = ["country", "slug"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return self.localized_name.text or self.slug

    @property
    def localized_name(self) -> Localized:
        return localize(self.name)

    def text(self, field: str) -> Localized:
        return localize(getattr(self, field))

    def clean(self) -> None:
        """Sources are ``[{"title", "url"}]`` with http(s) addresses only; texts are ``{language: text}``."""

        validate_url = URLValidator(schemes=["http", "https"])
        if not isinstance(self.sources, list):
            raise ValidationError({"sources": _("Give a list of sources.")})
        for source in self.sources:
            if not isinstance(source, dict) or not str(source.get("title") or "").strip():
                raise ValidationError({"sources": _("Each source needs a title.")})
            if source.get("url"):
                try:
                    validate_url(str(source["url"]))
                except ValidationError:
                    raise ValidationError({"sources": _("Only http and https addresses are allowed.")}) from None
        for field in ("name", "description", "phases", "caps", "rules"):
            value = getattr(self, field)
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise ValidationError({field: _("Give one text per language.")})
        if not localize(self.name).text:
            raise ValidationError({"name": _("Write it in at least one language.")})


class PracticeLink(models.Model):
    """A challenge, call or award that puts a recommendation into practice.

    ``target`` is a generic relation so that, once the procurement app lands, an
    officer can link a ``Challenge``/``Call``/``Award`` row without a migration here;
    until then a link carries a title and URL.
    """

    class Kind(models.TextChoices):
        CHALLENGE = "challenge", _("Challenge")
        CALL = "call", _("Call")
        AWARD = "award", _("Award")

    recommendation = models.ForeignKey("Recommendation", on_delete=models.CASCADE, related_name="practice_links")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    title = models.CharField(_("title"), max_length=255)
    url = models.URLField(_("address"), blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("link to practice")
        verbose_name_plural = _("links to practice")

    def __str__(self) -> str:
        return self.title
