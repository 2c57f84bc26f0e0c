"""``manage.py validate_ocds FILE...``: validate OCDS files against the shipped 1.1.5 schemas.

Each error is printed with its file and JSON path; the last line is ``valid=<n> invalid=<m>``,
counting files (a file of JSON lines is valid when every document in it is).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from procurement.ocds.reading import read
from procurement.ocds.validation import validate


class Command(BaseCommand):
    help = "Validate OCDS files (packages, records, releases; JSON or JSON lines) against the OCDS 1.1.5 schemas."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("files", nargs="+")

    def handle(self, *args: Any, **options: Any) -> None:
        valid = invalid = 0
        for name in options["files"]:
            try:
                docs = read(name)
            except (OSError, ValueError) as exc:
                self.stdout.write(f"{name}: cannot be read as JSON: {exc}")
                invalid += 1
                continue
            problems = [] if docs else ["$: empty file"]
            for index, doc in enumerate(docs):
                where = f"{name}" if len(docs) == 1 else f"{name}#{index + 1}"
                problems += [f"{where}: {problem}" for problem in validate(doc)]
            for problem in problems:
                self.stdout.write(str(problem) if str(problem).startswith(name) else f"{name}: {problem}")
            if problems:
                invalid += 1
            else:
                valid += 1
        self.stdout.write(f"valid={valid} invalid={invalid}")
        if invalid:
            raise CommandError(f"{invalid} invalid file(s)", returncode=1)
