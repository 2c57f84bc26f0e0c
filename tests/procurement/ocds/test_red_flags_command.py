"""``manage.py red_flags`` on the real samples and on bad input, and ``bench_red_flags`` on a small N."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command

from procurement.ocds.redflags.indicators import INDICATORS
from tests.procurement.ocds.redflags_builders import award, bid, release

SAMPLES = Path(__file__).parent / "samples"
INDICATOR_LINE = re.compile(r"indicator=(\w+) processes=(\d+) computable=(\d+) flagged=(\d+)")
TOTAL_LINE = re.compile(r"processes=(\d+) flagged_processes=(\d+) seconds=\d+\.\d\d")


def _red_flags(*args: object) -> list[str]:
    out = io.StringIO()
    call_command("red_flags", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue().strip().splitlines()


def test_every_sample_runs_through_red_flags_with_consistent_counts(tmp_path: Path) -> None:
    flags = tmp_path / "flags.jsonl"
    lines = _red_flags(*sorted(SAMPLES.rglob("*.json")), "--json", flags)
    assert len(lines) == len(INDICATORS) + 1
    total = TOTAL_LINE.fullmatch(lines[-1])
    assert total
    processes, flagged_processes = int(total[1]), int(total[2])
    assert processes > 100
    assert 0 <= flagged_processes <= processes
    counts = [INDICATOR_LINE.fullmatch(line) for line in lines[:-1]]
    assert [m[1] for m in counts if m] == [i.code for i in INDICATORS]
    for match in counts:
        assert match
        n, computable, flagged = int(match[2]), int(match[3]), int(match[4])
        assert n == processes
        assert 0 <= flagged <= computable <= n
    records = [json.loads(line) for line in flags.read_text(encoding="utf-8").splitlines()]
    by_type = [r["type"] for r in records]
    assert by_type.count("process") == processes
    assert "fences" in by_type
    first = next(r for r in records if r["type"] == "process")
    assert set(first["flagged"]) | set(first["not_flagged"]) | set(first["not_computable"]) == {
        i.code for i in INDICATORS
    }
    assert first["methodology_version"]


def test_reasons_and_fences_come_before_the_counts() -> None:
    lines = _red_flags(SAMPLES / "england_contracts_finder_release_package_2025-01-23.json", "--reasons", "--fences")
    assert any(line.startswith("fences country=GB {") for line in lines)
    assert "indicator=GT01 not_computable=94 reason=no_threshold" in lines
    assert TOTAL_LINE.fullmatch(lines[-1])


def test_flags_come_with_their_evidence(tmp_path: Path) -> None:
    process = release(
        "ocds-one",
        start="2024-01-01T00:00:00Z",
        end="2024-01-05T00:00:00Z",
        tenderers=1,
        awards=[award("W", 100.0)],
        bids=[bid("W", 100.0)],
    )
    path, flags = tmp_path / "one.json", tmp_path / "flags.jsonl"
    path.write_text(json.dumps(process), encoding="utf-8")
    lines = _red_flags(path, "--json", flags)
    assert "indicator=R003 processes=1 computable=1 flagged=1" in lines
    assert "indicator=R018 processes=1 computable=1 flagged=1" in lines
    assert TOTAL_LINE.fullmatch(lines[-1])
    assert lines[-1].startswith("processes=1 flagged_processes=1 ")
    result = json.loads(flags.read_text(encoding="utf-8").splitlines()[0])
    assert result["flagged"]["R003"]["period_days"] == 4
    assert result["not_computable"]["R024"] == "no_second_valid_bid"


def test_the_open_procedure_threshold_comes_from_settings(tmp_path: Path, settings: Any) -> None:
    path = tmp_path / "direct.jsonl"
    direct = [release(method="direct", awards=[award("S", 60_000.0, date=f"2024-0{m}-01T00:00:00Z")]) for m in (1, 2)]
    path.write_text("".join(json.dumps(p) + "\n" for p in direct), encoding="utf-8")
    assert "indicator=GT01 processes=2 computable=0 flagged=0" in _red_flags(path)
    settings.RED_FLAGS = {"countries": {"PY": {"indicators": {"GT01": {"threshold": 100_000, "currency": "PYG"}}}}}
    assert "indicator=GT01 processes=2 computable=2 flagged=2" in _red_flags(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot be read"),
        ('{"ocid": ', "not valid JSON"),
        ('{"hello": "world"}', "no contracting process found"),
    ],
)
def test_bad_input_is_a_clear_error(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "input.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        _red_flags(path)


def test_bad_settings_and_a_bad_country_are_refused(tmp_path: Path, settings: Any) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(release()), encoding="utf-8")
    with pytest.raises(CommandError, match="not a country"):
        _red_flags(path, "--country", "Atlantis")
    settings.RED_FLAGS = {"indicators": {"R003": {"threshold": -1}}}
    with pytest.raises(CommandError, match=r"RED_FLAGS.*R003.*threshold"):
        _red_flags(path)


@pytest.mark.slow
def test_the_command_line_exits_non_zero_without_a_traceback(tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    done = subprocess.run(
        [sys.executable, "manage.py", "red_flags", str(missing)],
        capture_output=True,
        text=True,
        cwd=django_settings.BASE_DIR,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert f"{missing}: cannot be read" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.benchmark
def test_the_benchmark_generates_and_measures(tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("bench_red_flags", processes=300, output=str(tmp_path / "bench.jsonl"), stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert re.fullmatch(r"processes=300 seconds=\d+\.\d\d peak_rss_mb=\d+", lines[-1])
    assert len((tmp_path / "bench.jsonl").read_text(encoding="utf-8").splitlines()) == 300
    computable = {m[1]: int(m[3]) for m in map(INDICATOR_LINE.fullmatch, lines) if m}
    assert all(computable[code] > 0 for code in ("R003", "R018", "R028", "R030", "R035", "R036", "GT02"))
    with pytest.raises(CommandError):
        call_command("bench_red_flags", processes=0, stdout=io.StringIO())
