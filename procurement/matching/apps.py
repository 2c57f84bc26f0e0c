from __future__ import annotations

from django.apps import AppConfig


class MatchingConfig(AppConfig):
    """Matching engine (no models yet: the wiring to calls comes later)."""

    name = "procurement.matching"
    label = "matching"
    default_auto_field = "django.db.models.BigAutoField"
