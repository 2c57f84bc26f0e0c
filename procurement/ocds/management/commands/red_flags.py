"""``manage.py red_flags FILE...``: procurement red flags of the processes in OCDS files, stored nowhere.

Reads every shape ``import_ocds`` reads (see ``procurement.ocds.redflags``) and prints one line per
indicator, ``indicator=<code> processes=<n> computable=<c> flagged=<f>``, then last
``processes=<n> flagged_processes=<f> seconds=<s>``. ``--json FILE`` writes each process's flags with their
evidence, the organisations R025/R038 single out and each country's fences, as JSON lines. Thresholds come
from ``settings.RED_FLAGS``. A file that cannot be read ends the command with an error line and exit code 1.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from procurement.ocds.redflags.engine import METHODOLOGY_VERSION, ProcessResult, Report, run
from procurement.ocds.redflags.fields import country_code
from procurement.ocds.redflags.sources import ReadError, ReadLog, read_processes
from procurement.ocds.redflags.thresholds import ThresholdError, Thresholds


def print_counts(out: Any, report: Report) -> None:
    for code, count in report.counts.items():
        out.write(f"indicator={code} processes={count.processes} computable={count.computable} flagged={count.flagged}")
    out.write(f"processes={report.processes} flagged_processes={report.flagged_processes} seconds={report.seconds:.2f}")


class Command(BaseCommand):
    help = "Compute procurement red flags (Cardinal's and ours) from OCDS files, without storing anything."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("files", nargs="+")
        parser.add_argument(
            "--country", default="", help="ISO country code for processes whose buyer's address gives none"
        )
        parser.add_argument(
            "--json",
            dest="json_path",
            default="",
            help="write each process's flags with their evidence, as JSON lines, to this file",
        )
        parser.add_argument("--reasons", action="store_true", help="also print why indicators are not computable")
        parser.add_argument("--fences", action="store_true", help="also print each country's quartiles and fences")

    def handle(self, *args: Any, **options: Any) -> None:
        country = options["country"].strip()
        if country and not country_code(country):
            raise CommandError(f"--country {country!r} is not a country code or name", returncode=2)
        try:
            thresholds = Thresholds.from_settings(getattr(settings, "RED_FLAGS", None))
        except ThresholdError as exc:
            raise CommandError(f"settings.RED_FLAGS: {exc}", returncode=2) from exc
        log = ReadLog()
        handle: TextIO | None = None
        try:
            handle = open(options["json_path"], "w", encoding="utf-8") if options["json_path"] else None  # noqa: SIM115
            report = run(
                read_processes(options["files"], log),
                thresholds,
                default_country=country_code(country),
                on_result=self._writer(handle),
            )
            if handle is not None:
                self._write_tail(handle, report)
        except ReadError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        except OSError as exc:
            raise CommandError(
                f"{options['json_path']}: cannot be written ({exc.strerror or exc})", returncode=1
            ) from exc
        finally:
            if handle is not None:
                handle.close()
        for message in log.messages:
            self.stderr.write(message)
        if log.skipped > len(log.messages):
            self.stderr.write(f"... and {log.skipped - len(log.messages)} more skipped")
        if report.processes == 0:
            raise CommandError("no contracting process found in the files", returncode=1)
        if options["fences"]:
            for context in report.contexts.values():
                self.stdout.write(
                    f"fences country={context.country or '-'} {json.dumps(context.fences(), sort_keys=True)}"
                )
        if options["reasons"]:
            for code, count in report.counts.items():
                for reason, n in count.reasons.most_common():
                    self.stdout.write(f"indicator={code} not_computable={n} reason={reason}")
        print_counts(self.stdout, report)

    @staticmethod
    def _writer(handle: TextIO | None) -> Any:
        if handle is None:
            return None

        def write(result: ProcessResult) -> None:
            handle.write(json.dumps(result.as_dict(), ensure_ascii=False, default=str) + "\n")

        return write

    @staticmethod
    def _write_tail(handle: TextIO, report: Report) -> None:
        for context in report.contexts.values():
            for organisation in context.organisations():
                handle.write(json.dumps({"type": "organisation", **organisation}, ensure_ascii=False) + "\n")
            fences = {
                "type": "fences",
                "country": context.country,
                "methodology_version": METHODOLOGY_VERSION,
                "thresholds": report.thresholds_fingerprint,
                **context.fences(),
            }
            handle.write(json.dumps(fences, ensure_ascii=False) + "\n")
