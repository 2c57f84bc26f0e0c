from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StartupsConfig(AppConfig):
    name = "startups"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from govtech.core import pagecache

        pagecache.register_public(apps=("startups",), private=("startups.exportjob", "startups.importjob"))
        from govtech.core.navigation import register_main_entry

        register_main_entry("startups:directory", _("Suppliers"), order=20)
        from govtech.core.views import register_home_blocks
        from startups import home

        register_home_blocks(home.home_blocks, order=10)
        from startups import fragments

        fragments.connect()  # the cached public fragments follow every write to the registry
        from govtech.audit import names
        from startups.models import Supplier

        names.register(Supplier, names.by_str(Supplier))  # the audit trail names suppliers (a public registry)
        from startups import waiting

        waiting.register()  # the header's "needs you": the work this app creates, for whoever must act
