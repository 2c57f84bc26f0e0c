"""``manage.py db_grants ROLE``: give the application's database role its rights (run as the owner)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction

from govtech.core.dbroles import apply_grants


class Command(BaseCommand):
    help = (
        "Run by the tables' owner after 'migrate' and 'restore': grant ROLE (the role the web and worker "
        "processes connect as) reading and writing rows, except changing or deleting the audit trail's."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("role", help="the application's role, e.g. govtech_app")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                statements = apply_grants(options["role"])
        except (ValueError, DatabaseError) as exc:
            raise CommandError(str(exc)) from exc
        for statement in statements:
            self.stdout.write(statement)
