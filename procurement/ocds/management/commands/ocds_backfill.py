"""``manage.py ocds_backfill``: write the OCDS releases public calls lack (safe to run again)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from procurement.ocds.services import ocds_backfill


class Command(BaseCommand):
    help = "Write the OCDS releases that public calls should have and lack (each event once)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"releases={ocds_backfill()}")
