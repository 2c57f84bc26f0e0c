"""``manage.py bench_red_flags --processes 100000``: the red-flag engine on N generated compiled releases.

Writes N compiled releases as JSON lines by repeating the real samples (``tests/procurement/ocds/samples``) with new
OCIDs and seeded perturbations: dates, methods, buyers drawn from a pool, suppliers, values, CPV divisions,
and bids (tenderers, prices, statuses, dates) so that every indicator has data. Then runs the engine on the
file as ``red_flags`` does and prints its lines, then ``processes=<n> seconds=<s> peak_rss_mb=<m>``
(``seconds`` is the engine's: reading, summaries, fences and flags; not the generation).

The thresholds are ``settings.RED_FLAGS`` plus, for the samples' countries, a GT01 threshold invented for
the benchmark (not anyone's law), so that GT01 is exercised.
"""

from __future__ import annotations

import datetime
import json
import random
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from procurement.ocds.management.commands.red_flags import print_counts
from procurement.ocds.redflags.engine import run
from procurement.ocds.redflags.sources import ReadLog, read_processes
from procurement.ocds.redflags.thresholds import Layer, Thresholds

BENCH_GT01 = {"GB": (100_000, "GBP"), "PY": (500_000_000, "PYG"), "MX": (2_000_000, "MXN")}
METHODS = ["open"] * 5 + ["selective"] * 2 + ["limited"] + ["direct"] * 2
DIVISIONS = ["30", "33", "45", "48", "71", "72", "79", "80", "85", "90"]
EPOCH = datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC)
# A typical award per currency (the samples' amounts span several orders of magnitude: drawn afresh instead).
SCALE = {"GBP": 50_000.0, "PYG": 300_000_000.0, "MXN": 800_000.0, "USD": 40_000.0}


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _iso(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class Generator:
    """Seeded variations of the sample processes (see the module docstring)."""

    def __init__(self, templates: list[str], processes: int, seed: int) -> None:
        self.templates = templates
        self.rng = random.Random(seed)
        self.buyers = [f"BENCH-BUYER-{k}" for k in range(max(processes // 200, 5))]
        self.tenderers = [f"BENCH-TENDERER-{k}" for k in range(max(processes // 25, 20))]
        # A few tenderers bid very often and rarely win (R025's pattern).
        self.losers = self.tenderers[: max(len(self.tenderers) // 100, 1)]

    def _tenderer(self) -> str:
        if self.rng.random() < 0.05:
            return self.rng.choice(self.losers)
        return self.rng.choice(self.tenderers)

    def release(self, index: int) -> dict[str, Any]:
        rng = self.rng
        release = json.loads(self.templates[index % len(self.templates)])
        release.update(ocid=f"ocds-bench-{index:07d}", id=f"ocds-bench-{index:07d}-compiled", tag=["compiled"])
        start = EPOCH + datetime.timedelta(days=rng.randrange(6 * 365), hours=rng.randrange(24))
        end = start + datetime.timedelta(days=rng.choice([5, 10, 14, 15, 20, 21, 25, 30, 30, 35, 40, 45, 60]))
        release["date"] = _iso(end + datetime.timedelta(days=60))
        tender = release.setdefault("tender", {})
        tender["tenderPeriod"] = {"endDate": _iso(end)} | ({"startDate": _iso(start)} if rng.random() < 0.8 else {})
        if rng.random() < 0.7:
            tender["procurementMethod"] = rng.choice(METHODS)
        if tender.get("status") == "cancelled" or rng.random() < 0.02:
            tender["status"] = rng.choice(["cancelled", "complete"])
        buyer = rng.choice(self.buyers)
        for party in release.get("parties") or []:
            if isinstance(party, dict) and party.get("id") == (release.get("buyer") or {}).get("id"):
                party["id"] = buyer
        release["buyer"] = {"id": buyer, "name": buyer}
        if rng.random() < 0.7:
            tender["classification"] = {"scheme": "CPV", "id": rng.choice(DIVISIONS) + "100000"}
        if rng.random() < 0.03:  # an amendment that moved the deadline (OCDS 1.0-style former value)
            former = end + datetime.timedelta(days=rng.choice([-7, 5, 10]))
            changed = start + datetime.timedelta(days=2)
            tender["amendments"] = [
                {
                    "id": "1",
                    "date": _iso(changed),
                    "changes": [{"property": "tenderPeriod", "former_value": {"endDate": _iso(former)}}],
                }
            ]
        self._awards_and_bids(release, tender, end)
        return release

    def _awards_and_bids(self, release: dict[str, Any], tender: dict[str, Any], end: datetime.datetime) -> None:
        rng = self.rng
        awards = [a for a in release.get("awards") or [] if isinstance(a, dict)]
        if not awards:
            return
        award = awards[0]
        value: dict[str, Any] = award["value"] if isinstance(award.get("value"), dict) else {}
        currency = str(value.get("currency")) if value.get("currency") in SCALE else "PYG"
        estimate = round(SCALE[currency] * rng.lognormvariate(0, 0.8), 2)
        bidders = sorted({self._tenderer() for _ in range(rng.choice([1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 6]))})
        winner = rng.choice([b for b in bidders if b not in self.losers] or bidders)
        winning = round(estimate * rng.uniform(0.85, 1.0), 2)
        amount = winning if rng.random() > 0.02 else round(winning * 1.1, 2)
        release["awards"] = [
            award
            | {
                "status": "active",
                "suppliers": [{"id": winner, "name": winner}],
                "value": {"amount": amount, "currency": currency},
                "date": _iso(end + datetime.timedelta(days=rng.randrange(5, 60))),
                "id": "1",
            }
        ]
        tender["value"] = {"amount": round(estimate * rng.uniform(0.98, 1.2), 2), "currency": currency}
        if rng.random() > 0.7:
            release.pop("bids", None)
            tender.pop("numberOfTenderers", None)
            return
        details = [self._bid("1", winner, winning, currency, end, late=rng.random() < 0.005)]
        for number, tenderer in enumerate((b for b in bidders if b != winner), start=2):
            gap = rng.gauss(0.1, 0.025)
            if rng.random() < 0.03:
                gap = rng.uniform(0.0005, 0.005)  # a price very close to the winner's
            elif rng.random() < 0.03:
                gap = rng.uniform(0.4, 1.0)  # a winner far below the others
            price = winning if rng.random() < 0.01 else round(winning * (1 + max(gap, 0.001)), 2)
            if rng.random() < 0.02:
                price = round(winning * rng.uniform(0.8, 0.99), 2)  # below the winner's: disqualified below
            details.append(self._bid(str(number), tenderer, price, currency, end, late=False))
        for bid in details[1:]:
            if bid["value"]["amount"] < winning or rng.random() < (0.5 if bid["tenderers"][0] in self.losers else 0.08):
                bid["status"] = "disqualified"
        release["bids"] = {"details": details}
        tender["numberOfTenderers"] = len(details)

    def _bid(
        self, number: str, tenderer: str, price: float, currency: str, end: datetime.datetime, *, late: bool
    ) -> dict[str, Any]:
        received = end + datetime.timedelta(hours=self.rng.randrange(1, 48) * (1 if late else -1))
        return {
            "id": number,
            "status": "valid",
            "tenderers": [{"id": tenderer, "name": tenderer}],
            "value": {"amount": price, "currency": currency},
            "date": _iso(received),
        }


class Command(BaseCommand):
    help = "Benchmark the red-flag engine on N compiled releases generated from the OCDS samples (time, peak RSS)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--processes", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--output", default="", help="keep the generated JSON lines at this path")
        parser.add_argument(
            "--samples", default=str(Path(settings.BASE_DIR) / "tests" / "procurement" / "ocds" / "samples")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        n = options["processes"]
        if n < 1:
            raise CommandError("--processes must be at least 1")
        samples = sorted(Path(options["samples"]).rglob("*.json"))
        templates = {p.ocid: json.dumps(p.compiled) for p in read_processes(samples, ReadLog())}
        if not templates:
            raise CommandError(f"no OCDS sample under {options['samples']}")
        with tempfile.TemporaryDirectory() as scratch:
            path = Path(options["output"] or Path(scratch) / "bench.jsonl")
            started = time.perf_counter()
            generator = Generator(list(templates.values()), n, options["seed"])
            with path.open("w", encoding="utf-8") as out:
                for index in range(n):
                    out.write(json.dumps(generator.release(index), ensure_ascii=False, separators=(",", ":")) + "\n")
            size_mb = path.stat().st_size / 2**20
            self.stdout.write(
                f"generated processes={n} file_mb={size_mb:.0f} seconds={time.perf_counter() - started:.1f}"
            )
            base = Thresholds.from_settings(getattr(settings, "RED_FLAGS", None))
            extra = [
                Layer(country, "", "GT01", {"threshold": amount, "currency": currency})
                for country, (amount, currency) in BENCH_GT01.items()
            ]
            report = run(read_processes([path], ReadLog()), Thresholds([*base.layers, *extra]))
        print_counts(self.stdout, report)
        self.stdout.write(f"processes={report.processes} seconds={report.seconds:.2f} peak_rss_mb={_peak_rss_mb():.0f}")
