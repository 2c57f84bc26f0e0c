from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from govtech.core.translations import REQUIRED_LANGUAGES, catalogue_files, compile_catalogue, untranslated


class Command(BaseCommand):
    help = "Compile every .po catalogue with Babel; with --check, fail if a message lacks its es or pt-BR translation."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--check", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        problems: list[str] = []
        count = 0
        for po in catalogue_files():
            compile_catalogue(po)
            count += 1
            if options["check"] and po.parent.parent.name in REQUIRED_LANGUAGES:
                problems.extend(untranslated(po))
        if problems:
            raise CommandError("untranslated messages:\n" + "\n".join(problems))
        if options["verbosity"]:
            self.stdout.write(f"compiled {count} catalogues")
