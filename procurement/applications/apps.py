from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    """Applications to calls: drafting, sealed submission, receipts, opening (issue 5)."""

    name = "procurement.applications"
    label = "applications"
    verbose_name = _("Applications")
    default_auto_field = "django.db.models.BigAutoField"
