from __future__ import annotations

import json
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


def test_the_halves_split_the_challenges_by_id() -> None:
    from govtech.devtools.management.commands.evaluate_matching_halves import challenge_half

    out = StringIO()
    call_command("evaluate_matching_halves", str(Path(__file__).with_name("eval_small.json")), stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert [line.split()[0] for line in lines if "overall" in line] == ["half=A", "half=B"]
    data = json.loads(Path(__file__).with_name("eval_small.json").read_text())
    counts = {h: sum(challenge_half(c["id"]) == h for c in data["challenges"]) for h in "AB"}
    for half in "AB":
        per_source = [line for line in lines if line.startswith(f"half={half} source=")]
        assert sum(int(line.split("challenges=")[1].split()[0]) for line in per_source) == counts[half]
