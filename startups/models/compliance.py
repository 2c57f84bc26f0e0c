"""Compliance: the certificates buyers ask for, and sanctions set by administrators."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from startups.models.supplier import Supplier


class ComplianceDocument(models.Model):
    """A certificate with an expiry date. The file is never public: a permission-checked view serves it."""

    class Kind(models.TextChoices):
        TAX_STANDING = "tax_standing", _("Tax standing certificate")
        SOCIAL_SECURITY = "social_security", _("Social-security standing certificate")
        LEGAL_REPRESENTATION = "legal_representation", _("Legal representation")
        NO_CONFLICT = "no_conflict", _("Self-declaration of no conflict of interest")
        NO_SANCTION = "no_sanction", _("Self-declaration of no sanction")
        OTHER = "other", _("Other")

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind of document"), max_length=24, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="startups/documents/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("compliance document")
        verbose_name_plural = _("compliance documents")
        ordering = ["kind", "-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(issued_on__isnull=True)
                | Q(expires_on__isnull=True)
                | Q(expires_on__gte=models.F("issued_on")),
                name="document_expires_after_issue",
            )
        ]
        indexes = [models.Index(fields=["expires_on"], name="document_expires_on")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.supplier}"

    @property
    def is_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < timezone.localdate()


class SanctionQuerySet(models.QuerySet["Sanction"]):
    def in_force(self, on: datetime.date | None = None) -> SanctionQuerySet:
        day = on or timezone.localdate()
        return self.filter(lifted_at__isnull=True, starts_on__lte=day).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=day)
        )


class Sanction(models.Model):
    """A debarment or sanction set by an administrator. While in force, the supplier may not apply."""

    class Kind(models.TextChoices):
        DEBARMENT = "debarment", _("Debarment")
        SANCTION = "sanction", _("Sanction")

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="sanctions")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True, help_text=_("Leave empty if indefinite"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)

    objects = SanctionQuerySet.as_manager()

    class Meta:
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name="sanction_period_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.supplier}"
