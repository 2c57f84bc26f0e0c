"""``manage.py export_ocds OUT.json``: one release package of every release the portal published."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from procurement.ocds import build, services
from procurement.ocds.validation import validate


class Command(BaseCommand):
    help = "Write every published OCDS release as one release package (validated against the 1.1.5 schema)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("out", help="the file to write ('-' for standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        package = services.all_releases_package(uri=build.site_url("/open-data/ocds/releases.json"))
        problems = validate(package, "release_package")
        text = json.dumps(package, ensure_ascii=False, indent=1)
        if options["out"] == "-":
            self.stdout.write(text)
        else:
            with open(options["out"], "w", encoding="utf-8") as handle:
                handle.write(text)
        for problem in problems:
            self.stderr.write(str(problem))
        if problems:
            raise CommandError(f"the package does not validate ({len(problems)} errors)")
        if options["out"] != "-":
            self.stdout.write(f"releases={len(package['releases'])} file={options['out']}")
