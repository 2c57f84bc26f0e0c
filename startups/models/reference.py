"""Reference data the registry classifies suppliers with: CPV codes, sectors, technologies."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _localised(obj: object, prefix: str) -> str:
    language = (get_language() or "es")[:2]
    return str(getattr(obj, f"{prefix}_{language}", "") or getattr(obj, f"{prefix}_en", ""))


class CpvCodeQuerySet(models.QuerySet["CpvCode"]):
    def descendants_of(self, code: str, *, include_self: bool = True) -> CpvCodeQuerySet:
        """Codes under ``code`` in the hierarchy (by its significant prefix)."""
        prefix = CpvCode.prefix_of(code)
        qs = self.filter(code__startswith=prefix)
        return qs if include_self else qs.exclude(code=code)


class CpvCode(models.Model):
    """One code of the EU Common Procurement Vocabulary 2008, with its labels in en/es/pt."""

    class Level(models.TextChoices):
        DIVISION = "division", _("Division")
        GROUP = "group", _("Group")
        CLASS = "class", _("Class")
        CATEGORY = "category", _("Category")
        SUBCATEGORY_6 = "subcategory_6", _("Subcategory (6 digits)")
        SUBCATEGORY_7 = "subcategory_7", _("Subcategory (7 digits)")
        SUBCATEGORY_8 = "subcategory_8", _("Subcategory (8 digits)")

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    check_digit = models.CharField(_("check digit"), max_length=1)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    label_en = models.CharField(_("label (English)"), max_length=400)
    label_es = models.CharField(_("label (Spanish)"), max_length=400, blank=True)
    label_pt = models.CharField(_("label (Portuguese)"), max_length=400, blank=True)

    objects = CpvCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("CPV code")
        verbose_name_plural = _("CPV codes")
        ordering = ["code"]
        indexes = [models.Index(fields=["code"], name="cpv_code_prefix", opclasses=["varchar_pattern_ops"])]

    def __str__(self) -> str:
        return f"{self.code_with_check_digit} {self.label}"

    @property
    def code_with_check_digit(self) -> str:
        return f"{self.code}-{self.check_digit}"

    @property
    def label(self) -> str:
        return _localised(self, "label")

    @staticmethod
    def prefix_of(code: str) -> str:
        """The significant prefix of ``code``: trailing zeros beyond the division are not part of it.

        The CPV hierarchy is positional, so a code's descendants are exactly the codes
        that start with its significant prefix (checked against the parent column of
        the whole 2008 list).
        """
        code = code.split("-", maxsplit=1)[0]
        stripped = code.rstrip("0")
        return code[: max(2, len(stripped))]


class Sector(models.Model):
    """A govtech sector (health, education, mobility...): the taxonomy buyers browse by."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_es = models.CharField(_("name (Spanish)"), max_length=120)
    name_pt = models.CharField(_("name (Portuguese)"), max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _localised(self, "name")


class Technology(models.Model):
    """A technology tag (AI, blockchain, GIS...)."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_es = models.CharField(_("name (Spanish)"), max_length=120)
    name_pt = models.CharField(_("name (Portuguese)"), max_length=120)

    class Meta:
        verbose_name = _("technology")
        verbose_name_plural = _("technologies")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _localised(self, "name")
