"""Every evidence field an indicator writes has a plain-language label, and reads well in each language.

The corpus runs every indicator over the hand-made processes of ``test_red_flags_indicators`` (flagged and not
flagged, with fences computed and configured), so a new evidence field without a label fails here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from procurement.ocds.redflag_display import evidence_field, evidence_rows, humanise
from procurement.ocds.redflags.engine import NOT_COMPUTABLE, Outcome
from procurement.ocds.redflags.indicators import INDICATORS
from tests.procurement.ocds.redflags_builders import award, bid, release, run_engine
from tests.procurement.ocds.test_red_flags_indicators import (
    PY_GT01,
    _direct,
    _gap_population,
    _history,
    _market,
    _r025_population,
    _r038_population,
    _winner_and_loser,
)

SNAKE = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")


def _corpus() -> Iterator[Outcome]:
    """Every indicator's outcomes over the hand-made processes, flagged and not flagged."""
    runs: list[tuple[list[Any], dict[str, Any] | None]] = [
        (
            [
                release(start="2024-01-01T00:00:00Z", end="2024-01-15T23:00:00Z", tenderers=1),
                release(start="2024-01-01T00:00:00Z", end="2024-02-15T10:30:00Z", tenderers=3),
                release(method="selective", bids=[bid("A", 10.0), bid("A", 9.0)]),
                release(bids=[bid("A", 100.0), bid("B", 100.0), bid("C", 120.0)]),
                release(
                    end="2024-01-10T16:00:00Z",
                    awards=[award("W", 100.0)],
                    bids=[bid("W", 100.0, date="2024-01-10T12:00:00-05:00"), bid("L", 90.0, date="2024-01-09")],
                ),
                release(
                    criteria="priceOnly",
                    awards=[award("W", 100.0)],
                    bids=[bid("W", 100.0), bid("A", 90.0, "disqualified"), bid("B", 95.0, "disqualified")],
                ),
                release(awards=[award("W")], bids=[bid("W"), bid("A"), bid("B", status="disqualified")]),
                release(budget=100.0, awards=[award("W", 120.0)], bids=[bid("W", 90.0), bid("L", 95.0)]),
                _history(
                    ("2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z"), ("2024-01-10T00:00:00Z", "2024-01-20T00:00:00Z")
                ),
                _winner_and_loser(100.0, 101.0),
                _winner_and_loser(100.0, 150.0),
                *_gap_population(),
            ],
            None,
        ),
        ([_winner_and_loser(100.0, 103.0)], {"indicators": {"R024": {"threshold": 0.05}}}),
        (_r025_population()[0], None),
        (_r038_population(), None),
        (
            [
                *[_direct(40_000.0, f"2024-0{month}-01T00:00:00Z") for month in (1, 4, 7)],
                _direct(500_000.0, "2024-01-01T00:00:00Z", "S4"),
            ],
            PY_GT01,
        ),
        (_market(["S1", "S1", "S2", "S1", "S1"]), None),
        (_market(["S1", "S2", "S3", "S4", "S5"]), None),
    ]
    for processes, settings in runs:
        results, _report = run_engine(*processes, settings=settings)
        for outcomes in results.values():
            yield from outcomes.values()


def _keys(value: Any) -> Iterator[str]:
    """The field names of an evidence value, nested ones included."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _keys(inner)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item)


def test_every_evidence_field_of_every_indicator_has_a_label() -> None:
    computed: set[str] = set()
    missing: set[tuple[str, str]] = set()
    for found in _corpus():
        if found.status == NOT_COMPUTABLE:
            continue
        computed.add(found.code)
        missing |= {(found.code, key) for key in _keys(found.evidence) if evidence_field(found.code, key) is None}
    assert computed == {indicator.code for indicator in INDICATORS}  # the corpus reaches every indicator
    assert not missing, f"evidence fields without a label in procurement/ocds/redflag_display.py: {sorted(missing)}"


@pytest.mark.parametrize("language", ["es", "pt-br", "en"])
def test_the_evidence_reads_without_field_names_or_codes(language: str) -> None:
    with translation.override(language):
        for found in _corpus():
            for row in evidence_rows(found.code, found.evidence):
                shown = " ".join([row.label, row.value, *row.entries])
                assert not SNAKE.search(shown), (found.code, row)
                assert row.label != row.key


def test_values_are_formatted_for_the_reader() -> None:
    evidence = {
        "period_days": 14,
        "start": "2024-01-01T00:00:00Z",
        "end": "2024-01-15T23:00:00Z",
        "threshold_days": 15,
        "procurement_method": "open",
        "procurement_method_details": "",
    }
    with translation.override("es"):
        rows = {row.key: (row.label, row.value) for row in evidence_rows("R003", evidence)}
        assert rows["period_days"] == ("Días entre el inicio del período de licitación y el plazo", "14 días")
        assert rows["start"][1] == "1 de enero de 2024"
        assert rows["end"][1].startswith("15 de enero de 2024")  # with its time, in the portal's time zone
        assert rows["procurement_method"][1] == "Abierto"
        assert rows["procurement_method_details"][1] == "—"
        gap = {"difference": 0.01, "winning_bid": 100000.0, "currency": "PYG", "lower_fence": 0.084}
        shown = {row.key: row.value for row in evidence_rows("R024", gap)}
        assert shown["difference"] == "1,0\u00a0%"
        assert shown["winning_bid"] == "100.000\u00a0PYG"
    with translation.override("en"):
        comparison = {"comparisons": [{"compared": "winning_bid", "awarded": 100.0, "bid": 90.0, "currency": "USD"}]}
        (row,) = evidence_rows("GT02", comparison)
        assert row.label == "Comparisons"
        assert row.entries == [
            "Compared with: The winner's bid; Amount awarded: USD\u00a0100; The winner's bid: USD\u00a090"
        ]
    with translation.override("pt-br"):
        (row,) = evidence_rows("R018", {"tenderers": 1})
        assert (row.label, row.value) == ("Número de licitantes", "1")


def test_an_unknown_field_is_humanised_never_shown_raw() -> None:
    (row,) = evidence_rows("R003", {"some_new_field": 3})
    assert row.label == "Some new field"
    assert humanise("versionedRelease") == "Versioned release"
