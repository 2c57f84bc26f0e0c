"""Load the demo data, idempotently: ``govtech.devtools.demo`` has one module per app, each with ``load(stdout)``."""

from __future__ import annotations

import importlib
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

# Dependency order: accounts first, then the registry, procurement, recommendations.
DEMO_MODULES = ["accounts", "registry", "procurement", "stories", "recommendations", "notifications"]


class Command(BaseCommand):
    help = "Create or refresh the demo data (safe to run again: nothing is duplicated)."

    def handle(self, *args: Any, **options: Any) -> None:
        for name in DEMO_MODULES:
            module = importlib.import_module(f"govtech.devtools.demo.{name}")
            with transaction.atomic():
                module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("demo data ready"))
