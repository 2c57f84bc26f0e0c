from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from govtech.core import pagecache

        pagecache.register_public(apps=("recommendations",))
        from govtech.core.navigation import register_main_entry

        register_main_entry("recommendations:catalogue", _("Recommendations"), order=30)
        register_main_entry("recommendations:dashboard", _("Dashboard"), order=40)  # short: the menu keeps to one row
        from govtech.core.views import register_home_blocks
        from recommendations import home

        register_home_blocks(home.home_blocks, order=60)
        # The live indicators: the catalogue's definitions, then the computations over the registry and procurement.
        from recommendations.indicators import awards, builtin, calls, redflags, suppliers

        builtin.register_builtin()
        suppliers.register_indicators()
        calls.register_indicators()
        awards.register_indicators()
        redflags.register_indicators()
        from recommendations import waiting

        waiting.register()  # the header's "needs you": the work this app creates, for whoever must act
