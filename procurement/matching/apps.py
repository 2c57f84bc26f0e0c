from __future__ import annotations

from django.apps import AppConfig


class MatchingConfig(AppConfig):
    """Matching: the engine, its stored results, workers, pages and API."""

    name = "procurement.matching"
    label = "matching"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from govtech.core.views import register_home_blocks
        from procurement.matching import home

        register_home_blocks(home.home_blocks, order=40)
        from procurement.matching import metrics

        metrics.register()  # its gauges on /metrics
