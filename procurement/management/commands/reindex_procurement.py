"""Rebuild the stored full-text vectors of every call and challenge."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from procurement.search import reindex_all


class Command(BaseCommand):
    help = "Rebuild the search vectors of every call and challenge (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        calls, challenges = reindex_all()
        self.stdout.write(self.style.SUCCESS(f"reindexed {calls} calls and {challenges} challenges"))
