"""`manage.py evaluate_matching_halves FILE.json`: the evaluation on two fixed halves of the challenges.

Half A is for choosing a change, half B for confirming it (a change tuned on A that does not hold on
B is noise). A challenge's half is fixed by a hash of its id, so it never depends on the file's order;
the id is used only to split, never to score. Each half prints the `evaluate_matching` lines prefixed
with `half=A` or `half=B`.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def challenge_half(challenge_id: str) -> str:
    return "A" if hashlib.sha1(challenge_id.encode(), usedforsecurity=False).digest()[0] % 2 == 0 else "B"


class Command(BaseCommand):
    help = "Run evaluate_matching on two fixed halves of the challenges (A to choose, B to confirm)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with open(options["file"], encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        with tempfile.TemporaryDirectory() as tmp:
            for half in ("A", "B"):
                part = {**data, "challenges": [c for c in data["challenges"] if challenge_half(str(c["id"])) == half]}
                path = Path(tmp) / f"half_{half}.json"
                path.write_text(json.dumps(part), encoding="utf-8")
                out = StringIO()
                call_command("evaluate_matching", str(path), stdout=out)
                for line in out.getvalue().splitlines():
                    self.stdout.write(f"half={half} {line}")
