"""Load the demo data, idempotently: each app contributes ``<app>/demo.py`` with ``load(stdout)``."""

from __future__ import annotations

import importlib
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

# Dependency order: accounts first, then the registry, procurement, recommendations.
DEMO_MODULES = ["govtech.accounts", "startups", "procurement", "recommendations", "govtech.notifications"]


class Command(BaseCommand):
    help = "Create or refresh the demo data (safe to run again: nothing is duplicated)."

    def handle(self, *args: Any, **options: Any) -> None:
        for name in DEMO_MODULES:
            try:
                module = importlib.import_module(f"{name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{name}.demo":
                    raise
                continue
            with transaction.atomic():
                module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("demo data ready"))
