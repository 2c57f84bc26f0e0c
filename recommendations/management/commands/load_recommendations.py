"""``manage.py load_recommendations``: load the starting catalogue, or an editor's replacement."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govtech.accounts.models import User
from govtech.core.errors import ApplicationError
from recommendations.services.loader import CATALOGUE_FILE, INSTRUMENTS_FILE, catalogue_load


class Command(BaseCommand):
    help = (
        "Load the recommendations catalogue and instruments (idempotent: existing slugs are left alone). "
        "With --update --as EDITOR_EMAIL, changed texts become draft versions for review."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=CATALOGUE_FILE, help="catalogue JSON")
        parser.add_argument("--instruments", type=Path, default=INSTRUMENTS_FILE, help="instruments JSON")
        parser.add_argument("--update", action="store_true", help="turn changed texts into new draft versions")
        parser.add_argument("--as", dest="actor", help="e-mail of the editor recorded as author (with --update)")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = None
        if options["actor"]:
            actor = User.objects.filter(email__iexact=options["actor"]).first()
            if actor is None:
                raise CommandError(f"No user with e-mail {options['actor']}")
        if options["update"] and actor is None:
            raise CommandError("--update needs --as EDITOR_EMAIL: every change has an author.")
        try:
            result = catalogue_load(
                actor=actor, path=options["file"], instruments_path=options["instruments"], update=options["update"]
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(f"recommendations: {result}"))
