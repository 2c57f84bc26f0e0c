"""``manage.py import_ocds FILE...``: load other publishers' OCDS data (see ``procurement.ocds.importing``).

Each skipped process is reported with the reason; the last line is
``imported=<n> updated=<u> unchanged=<c> skipped=<s>``, counting contracting processes.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from procurement.ocds.importing import ocds_import


class Command(BaseCommand):
    help = "Import OCDS release packages, record packages, records, releases or JSON lines (UTF-8 or ISO-8859-1)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("files", nargs="+")

    def handle(self, *args: Any, **options: Any) -> None:
        outcome = ocds_import(options["files"])
        for message in outcome.messages:
            self.stdout.write(message)
        self.stdout.write(outcome.summary())
