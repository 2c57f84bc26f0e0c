from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The live indicators: the catalogue's definitions, then the computations over the registry and procurement.
        from recommendations.indicators import awards, builtin, calls, suppliers

        builtin.register_builtin()
        suppliers.register_indicators()
        calls.register_indicators()
        awards.register_indicators()
