"""``manage.py seed_scale``: a national portal's data in bulk (``govtech.devtools.seeding``), with one large call
in evaluation (500 applications, a panel of five) for the staff pages' benchmark."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from govtech.devtools.seeding import seed


class Command(BaseCommand):
    help = "Create realistic, multilingual data at scale in bulk (suppliers, public bodies, calls, applications)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--suppliers", type=int, default=100_000)
        parser.add_argument("--bodies", type=int, default=2_000)
        parser.add_argument("--calls", type=int, default=10_000)
        parser.add_argument("--applications", type=int, default=200_000)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--big-call", type=int, default=500, help="applications of one call in evaluation (0: none)"
        )
        parser.add_argument("--panel", type=int, default=5, help="evaluators on the big call's panel")

    def handle(self, *args: Any, **opts: Any) -> None:

        for name in ("suppliers", "bodies", "calls", "applications"):
            if opts[name] < 0:
                self.stderr.write(f"--{name} must be 0 or more")
                raise SystemExit(2)
        if opts["calls"] and not opts["bodies"]:
            self.stderr.write("--calls needs --bodies of at least 1 (calls belong to public bodies)")
            raise SystemExit(2)
        started = time.perf_counter()
        report = seed(
            suppliers=opts["suppliers"],
            bodies=opts["bodies"],
            calls=opts["calls"],
            applications=opts["applications"],
            seed=opts["seed"],
            big_call=opts["big_call"],
            panel=opts["panel"],
            say=self.stdout.write,
        )
        total = time.perf_counter() - started
        counts = " ".join(f"{k}={v}" for k, v in report.counts.items() if k != "analyze")
        self.stdout.write(f"{counts} seconds={total:.1f}")
