from __future__ import annotations

from io import StringIO
from pathlib import Path

from django.core.management import call_command


def test_it_prints_one_line_per_source_and_overall_last() -> None:
    out = StringIO()
    call_command("evaluate_matching", str(Path(__file__).with_name("eval_small.json")), stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines[0].startswith("source=sbir-us challenges=1 recall@1=1.000")
    assert lines[1].startswith("source=secop2-co challenges=1 recall@1=1.000")
    assert lines[-1].startswith("overall recall@10=1.000 mrr=1.000")
