"""``manage.py recompute_red_flags [--country XX]``: recompute the stored red flags, after a threshold change.

Summarises the processes that have a record but no summary yet, then runs each country's pass (or one
country's): its fences, then every flag of its processes, stored with the methodology version and the
thresholds' fingerprint. Prints one line per country, ``country=<cc> processes=<n> flagged_processes=<f>
fences=<k>``, then the per-indicator lines of ``red_flags`` and last ``processes=<n> flagged_processes=<f>
seconds=<s>``. Safe to run again: the same thresholds store the same flags.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from procurement.ocds.redflag_services import red_flags_recompute, thresholds
from procurement.ocds.redflags.engine import Report
from procurement.ocds.redflags.fields import country_code
from procurement.ocds.redflags.thresholds import ThresholdError


class Command(BaseCommand):
    help = "Recompute the stored red flags and fences of every country (or one), e.g. after a threshold change."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--country", default=None, help="ISO country code: recompute only this country")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        country = options["country"]
        if country is not None:
            country = country_code(country.strip())
            if not country:
                raise CommandError(f"--country {options['country']!r} is not a country code or name", returncode=2)
        try:
            fingerprint = thresholds().fingerprint()
        except ThresholdError as exc:
            raise CommandError(f"settings.RED_FLAGS: {exc}", returncode=2) from exc
        runs = red_flags_recompute(country)
        total = Report(thresholds_fingerprint=fingerprint)
        for run in runs:
            report = run.report
            self.stdout.write(
                f"country={run.country or '-'} processes={report.processes} "
                f"flagged_processes={report.flagged_processes} fences={run.fences}"
            )
            total.processes += report.processes
            total.flagged_processes += report.flagged_processes
            for code, count in report.counts.items():
                into = total.counts[code]
                into.processes += count.processes
                into.computable += count.computable
                into.flagged += count.flagged
        for code, count in total.counts.items():
            self.stdout.write(
                f"indicator={code} processes={count.processes} computable={count.computable} flagged={count.flagged}"
            )
        self.stdout.write(
            f"processes={total.processes} flagged_processes={total.flagged_processes} "
            f"seconds={time.perf_counter() - started:.2f} thresholds={fingerprint}"
        )
