from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    """Decisions, awards, debriefs, standstill and complaints, contract milestones (issue 5)."""

    name = "procurement.awards"
    label = "awards"
    verbose_name = _("Awards")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from govtech.core import pagecache

        pagecache.register_public(apps=("awards",))
