from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OcdsConfig(AppConfig):
    """Open contracting data: the releases the portal publishes, records, the bulk file, the importer (issue 11)."""

    name = "procurement.ocds"
    label = "ocds"
    verbose_name = _("Open contracting data")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from govtech.core import pagecache

        # Every model here is public, the red flags, fences and thresholds included: a save or delete retires the
        # visitors' cached pages; the red-flag services call ``pagecache.retire()`` after their bulk writes.
        pagecache.register_public(apps=("ocds",))
