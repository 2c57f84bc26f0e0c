from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    """Applications to calls: drafting, sealed submission, receipts, opening (issue 5)."""

    name = "procurement.applications"
    label = "applications"
    verbose_name = _("Applications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from govtech.core import pagecache

        pagecache.register_public(apps=("applications",))
        from govtech.accounts.models import Organisation
        from govtech.accounts.navigation import register_account_entry

        register_account_entry(
            "applications:mine",
            _("My applications"),
            lambda user, roles: Organisation.Kind.SUPPLIER in roles.kinds,
            order=10,
        )
        from govtech.core.views import register_home_blocks
        from procurement.applications import home

        register_home_blocks(home.home_blocks, order=30)
        from procurement.applications import auditing

        auditing.register()  # the audit trail names and shows applications only once their call is opened
