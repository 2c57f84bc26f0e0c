"""The red-flag engine's plumbing: quartiles as Cardinal computes them, thresholds in layers, summaries that
store and come back, and every shape of OCDS file read as a stream."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from procurement.ocds.reading import stream
from procurement.ocds.redflags.engine import Engine, evaluate
from procurement.ocds.redflags.facts import ProcessFacts, summarise
from procurement.ocds.redflags.sources import ReadError, ReadLog, read_processes
from procurement.ocds.redflags.statistics import quantile, tukey
from procurement.ocds.redflags.thresholds import Layer, ThresholdError, Thresholds
from tests.procurement.ocds.redflags_builders import award, bid, release

SAMPLES = Path(__file__).parent / "samples"


@pytest.mark.parametrize("size", [1, 2, 3, 4, 7, 12, 101])
def test_quartiles_are_hyndman_and_fan_type_8_like_cardinals(size: int) -> None:
    values = sorted(random.Random(size).uniform(0, 5) for _ in range(size))
    for tau in (0, 0.25, 0.5, 0.75, 1):
        assert quantile(values, tau) == pytest.approx(np.quantile(values, tau, method="median_unbiased"))


def test_a_fence_needs_enough_values_and_must_be_positive() -> None:
    assert tukey([0.1] * 9, upper=True, minimum_sample=10).reason == "too_few_values"
    assert tukey([0.0] * 10 + [0.5], upper=False, minimum_sample=10).reason == "fence_not_positive"
    assert tukey([0.1], upper=True, minimum_sample=10, fixed=0.3).value == 0.3
    fence = tukey([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], upper=True, minimum_sample=10)
    assert (fence.q1, fence.q3) == pytest.approx((2.9166667, 8.0833333))
    assert fence.value == pytest.approx(8.0833333 + 1.5 * (8.0833333 - 2.9166667))


def test_thresholds_resolve_from_the_least_to_the_most_specific_layer() -> None:
    thresholds = Thresholds.from_settings(
        {
            "indicators": {"R003": {"threshold": 20}},
            "methods": {"limited": {"R003": {"threshold": 10}}},
            "countries": {
                "PY": {"indicators": {"R003": {"threshold": 12}}, "methods": {"limited": {"R003": {"threshold": 7}}}}
            },
        }
    )
    assert thresholds.params("R003", country="BR", method="open")["threshold"] == 20
    assert thresholds.params("R003", country="BR", method="limited")["threshold"] == 10
    assert thresholds.params("R003", country="PY", method="open")["threshold"] == 12
    assert thresholds.params("R003", country="PY", method="limited")["threshold"] == 7
    assert Thresholds().params("R003")["threshold"] == 15  # Cardinal's default
    assert Thresholds().params("GT04")["threshold"] == 2500


def test_thresholds_refuse_unknown_indicators_parameters_and_types() -> None:
    with pytest.raises(ThresholdError, match="unknown indicator"):
        Thresholds.from_settings({"indicators": {"R999": {}}})
    with pytest.raises(ThresholdError, match=r"\[R003\]\[days\]: unknown parameter"):
        Thresholds.from_settings({"indicators": {"R003": {"days": 3}}})
    with pytest.raises(ThresholdError, match="must be a whole number"):
        Thresholds.from_settings({"countries": {"PY": {"indicators": {"R003": {"threshold": "15"}}}}})
    with pytest.raises(ThresholdError, match="unknown keys"):
        Thresholds.from_settings({"thresholds": {}})


def test_the_fingerprint_changes_with_the_thresholds() -> None:
    one = Thresholds([Layer("PY", "", "R003", {"threshold": 10})])
    assert one.fingerprint() == Thresholds([Layer("py", "", "R003", {"threshold": 10})]).fingerprint()
    assert one.fingerprint() != Thresholds([Layer("PY", "", "R003", {"threshold": 11})]).fingerprint()


def test_a_summary_stored_as_json_gives_the_same_flags() -> None:
    compiled = release(
        start="2024-01-01T00:00:00Z",
        end="2024-01-05T00:00:00Z",
        tenderers=1,
        budget=90.0,
        awards=[award("W", 100.0)],
        bids=[bid("W", 100.0), bid("L", 100.0, "disqualified")],
    )
    facts = summarise(compiled)
    restored = ProcessFacts.from_dict(json.loads(json.dumps(facts.to_dict())))
    assert restored == facts
    assert evaluate(restored, Thresholds(), None) == evaluate(facts, Thresholds(), None)


def test_the_country_is_the_buyers_else_the_callers_default() -> None:
    assert summarise(release(country="México")).country == "MX"
    assert summarise(release(country="England")).country == "GB"
    assert summarise(release(buyer=None), default_country="UY").country == "UY"


def test_a_process_read_twice_counts_once(tmp_path: Path) -> None:
    lines = tmp_path / "compiled.jsonl"
    lines.write_text("".join(json.dumps(release(f"ocds-{n}")) + "\n" for n in range(3)), encoding="utf-8")
    engine = Engine(Thresholds())
    for process in read_processes([lines, lines], ReadLog()):
        engine.add(process)
    report = engine.finish()
    assert (report.processes, report.duplicates) == (3, 3)


def test_a_release_read_twice_is_merged_once() -> None:
    package = SAMPLES / "england_contracts_finder_release_package_2025-01-23.json"
    once = {p.ocid: p.release_count for p in read_processes([package], ReadLog())}
    assert {p.ocid: p.release_count for p in read_processes([package, package], ReadLog())} == once


def test_releases_of_one_process_across_files_are_compiled_with_their_history(tmp_path: Path) -> None:
    first = release("ocds-loose", date="2024-01-01T00:00:00Z", end="2024-02-01T00:00:00Z") | {
        "id": "a",
        "tag": ["tender"],
    }
    second = release("ocds-loose", date="2024-01-05T00:00:00Z", end="2024-01-20T00:00:00Z") | {
        "id": "b",
        "tag": ["tenderAmendment"],
    }
    (tmp_path / "1.json").write_text(json.dumps({"releases": [first]}), encoding="utf-8")
    (tmp_path / "2.json").write_text(json.dumps(second), encoding="utf-8")
    processes = list(read_processes([tmp_path / "1.json", tmp_path / "2.json"], ReadLog()))
    assert [p.ocid for p in processes] == ["ocds-loose"]
    assert processes[0].compiled["tender"]["tenderPeriod"]["endDate"] == "2024-01-20T00:00:00Z"
    facts = summarise(processes[0].compiled, releases=processes[0].releases)
    assert facts.deadline_source == "releases"
    assert [d.end for d in facts.deadlines or ()] == ["2024-02-01T00:00:00Z", "2024-01-20T00:00:00Z"]


def test_records_give_their_compiled_release_and_embedded_releases() -> None:
    [process] = read_processes([SAMPLES / "paraguay" / "sample" / "records" / "277004.json"], ReadLog())
    assert process.compiled["ocid"] == process.ocid
    assert process.releases
    assert len(process.releases) == process.release_count == 7
    assert summarise(process.compiled, releases=process.releases).deadline_source == "releases"


def test_json_lines_are_streamed_line_by_line_in_utf8_or_windows_1252(tmp_path: Path) -> None:
    lines = tmp_path / "lines.jsonl"
    lines.write_bytes(
        b"\xef\xbb\xbf"
        + b"\n".join(json.dumps(release(f"ocds-{n}")).encode() for n in range(3))
        + b'\n{"ocid": "ocds-latin", "tag": ["compiled"], "tender": {"title": "Adquisici\xf3n"}}\n'
    )
    documents = list(stream(lines))
    assert [d["ocid"] for d in documents] == ["ocds-0", "ocds-1", "ocds-2", "ocds-latin"]
    assert documents[-1]["tender"]["title"] == "Adquisición"
    mixed = tmp_path / "mixed.json"
    mixed.write_text('{"ocid": "a"}\n{\n  "ocid": "b"\n}\n{"ocid": "c"}\n', encoding="utf-8")
    assert [d["ocid"] for d in stream(mixed)] == ["a", "b", "c"]


def test_a_file_that_is_not_json_is_a_read_error_naming_it(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"ocid": "a", "tag": ["compiled"]}\n{"ocid": \n', encoding="utf-8")
    with pytest.raises(ReadError, match=r"broken.jsonl: not valid JSON .*from line 2"):
        list(read_processes([broken], ReadLog()))
    with pytest.raises(ReadError, match="cannot be read"):
        list(read_processes([tmp_path / "missing.json"], ReadLog()))


def test_a_stored_summary_evaluated_alone_is_not_computable_against_missing_fences() -> None:
    facts = summarise(release(awards=[award("W", 100.0)], bids=[bid("W", 100.0), bid("L", 101.0)]))
    outcomes = {o.code: o for o in evaluate(facts, Thresholds(), None).outcomes}
    assert outcomes["R024"].reason == outcomes["R058"].reason == "too_few_values"
    assert outcomes["R025"].reason == "too_few_values"
    assert outcomes["R038"].reason == "not_assessed"
