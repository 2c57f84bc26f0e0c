"""``manage.py load_cpv [path]``: add missing CPV 2008 codes from the shipped CSV (or another copy)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from startups.models import CpvCode
from startups.reference_data import CPV_CSV, load_cpv


class Command(BaseCommand):
    help = "Load the EU Common Procurement Vocabulary (CPV 2008) with labels in en/es/pt. Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(CPV_CSV), help="CSV with the columns of the shipped file")

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            added = load_cpv(CpvCode, Path(options["path"]))
        self.stdout.write(self.style.SUCCESS(f"CPV codes added: {added}; total: {CpvCode.objects.count()}"))
