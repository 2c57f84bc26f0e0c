"""Rebuild the stored full-text vectors of every supplier (after a change to how text is prepared)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from startups.models import Supplier
from startups.services import supplier_reindex


class Command(BaseCommand):
    help = "Rebuild the three search vectors of every supplier (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        done = 0
        for supplier in Supplier.objects.only("pk").order_by("pk").iterator(chunk_size=500):
            supplier_reindex(supplier)
            done += 1
        self.stdout.write(self.style.SUCCESS(f"reindexed {done} suppliers"))
