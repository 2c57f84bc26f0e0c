from django.apps import AppConfig


class StartupsConfig(AppConfig):
    name = "startups"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The registry computes the recommendations' indicators whose data it owns.
        from startups.indicators import register_indicators

        register_indicators()
        from govtech.core import fragments
        from startups.home import REGISTRY_COUNTS
        from startups.models import Supplier

        fragments.invalidate_on(REGISTRY_COUNTS, Supplier)
