from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "procurement"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Procurement computes the recommendations' indicators and practice links whose data it owns.
        from procurement.indicators import register_indicators
        from procurement.practice import register_practice_source

        register_indicators()
        register_practice_source()
        from procurement import saved_searches

        saved_searches.register()
