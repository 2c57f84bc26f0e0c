"""Every red-flag indicator on hand-made processes: where it must fire, where it must not, where it cannot be
computed (and why). No database: the engine is pure Python."""

from __future__ import annotations

from typing import Any

import pytest

from procurement.ocds.redflags.engine import FLAGGED, NOT_COMPUTABLE, Outcome
from procurement.ocds.redflags.facts import summarise
from procurement.ocds.redflags.sources import ProcessInput
from tests.procurement.ocds.redflags_builders import award, bid, outcome, release, run_engine

PY_GT01 = {"countries": {"PY": {"indicators": {"GT01": {"threshold": 100_000, "currency": "PYG"}}}}}


def _flagged(found: Outcome) -> bool:
    assert found.status != NOT_COMPUTABLE, f"{found.code} not computable: {found.reason}"
    return found.status == FLAGGED


def _not_computable(found: Outcome, reason: str) -> None:
    assert (found.status, found.reason) == (NOT_COMPUTABLE, reason)


def _winner_and_loser(winning: float = 100.0, losing: float = 110.0, **kwargs: Any) -> dict[str, Any]:
    return release(awards=[award("W", winning)], bids=[bid("W", winning), bid("L", losing)], **kwargs)


# --- R003 short submission period -------------------------------------------------------------------------


def test_r003_fires_on_a_period_shorter_than_15_whole_days() -> None:
    found = outcome(release(start="2024-01-01T00:00:00Z", end="2024-01-15T23:00:00Z"), "R003")
    assert _flagged(found)
    assert found.evidence["period_days"] == 14  # whole days, truncated
    assert found.evidence["threshold_days"] == 15


def test_r003_does_not_fire_on_15_days_or_more() -> None:
    assert not _flagged(outcome(release(start="2024-01-01T00:00:00Z", end="2024-01-16T00:00:00Z"), "R003"))


def test_r003_uses_the_threshold_of_the_procurement_method_details_and_of_the_method() -> None:
    short = {"start": "2024-01-01T00:00:00Z", "end": "2024-01-09T00:00:00Z"}
    by_details = {"indicators": {"R003": {"procurement_method_details": {"Cotización": 7}}}}
    assert not _flagged(outcome(release(details="Cotización", **short), "R003", settings=by_details))
    by_method = {"countries": {"PY": {"methods": {"limited": {"R003": {"threshold": 5}}}}}}
    assert not _flagged(outcome(release(method="limited", **short), "R003", settings=by_method))
    assert _flagged(outcome(release(method="open", **short), "R003", settings=by_method))


def test_r003_is_not_computable_without_a_start_date_or_outside_its_methods() -> None:
    _not_computable(outcome(release(start=None), "R003"), "no_tender_period")
    limited = {"indicators": {"R003": {"procurement_methods": ["open"]}}}
    _not_computable(
        outcome(release(method="direct", start="2024-01-01T00:00:00Z"), "R003", settings=limited), "method_out_of_scope"
    )


def test_a_cancelled_process_is_not_computable_for_every_indicator() -> None:
    results, _report = run_engine(cancelled := release(status="cancelled", start="2024-01-01T00:00:00Z"))
    assert {o.reason for o in results[cancelled["ocid"]].values()} == {"cancelled"}


# --- R018 single bid received ---------------------------------------------------------------------------------


def test_r018_fires_when_one_tenderer_bid_in_an_open_procedure() -> None:
    found = outcome(release(method="open", tenderers=1), "R018")
    assert _flagged(found)
    assert found.evidence["source"] == "tender.numberOfTenderers"


def test_r018_counts_the_distinct_tenderers_of_the_bids_when_number_of_tenderers_is_missing() -> None:
    found = outcome(release(method="selective", bids=[bid("A", 10.0), bid("A", 9.0)]), "R018")
    assert _flagged(found)
    assert found.evidence == {"tenderers": 1, "source": "bids.details", "procurement_method": "selective"}


def test_r018_does_not_fire_with_several_tenderers() -> None:
    assert not _flagged(outcome(release(method="open", tenderers=3), "R018"))


def test_r018_is_not_computable_for_a_direct_award_or_without_a_count() -> None:
    _not_computable(outcome(release(method="direct", tenderers=1), "R018"), "method_out_of_scope")
    _not_computable(outcome(release(method=None, tenderers=1), "R018"), "no_method")
    _not_computable(outcome(release(method="open"), "R018"), "no_tenderer_count")


# --- R024 / R058 gap between the winning and the second-lowest valid bid ----------------------------------------


def _gap_population() -> list[dict[str, Any]]:
    """Ten processes whose gaps run from 10% to 11.8%: fences near 8.4% (R024) and 13.4% (R058)."""
    return [
        release(
            f"ocds-gap-{i}",
            awards=[award(f"W{i}", 100.0)],
            bids=[bid(f"W{i}", 100.0), bid(f"L{i}", 100.0 * (1.1 + 0.002 * i))],
        )
        for i in range(10)
    ]


def test_r024_fires_on_a_low_outlier_and_r058_on_a_high_one() -> None:
    close, far = _winner_and_loser(100.0, 101.0), _winner_and_loser(100.0, 150.0)
    results, report = run_engine(close, far, *_gap_population())
    assert _flagged(results[close["ocid"]]["R024"])
    assert not _flagged(results[close["ocid"]]["R058"])
    assert _flagged(results[far["ocid"]]["R058"])
    assert not _flagged(results[far["ocid"]]["R024"])
    middle = results["ocds-gap-5"]
    assert not _flagged(middle["R024"])
    assert not _flagged(middle["R058"])
    evidence = results[close["ocid"]]["R024"].evidence
    assert evidence["difference"] == pytest.approx(0.01)
    assert 0.01 < evidence["lower_fence"] < 0.1
    assert evidence["country_values"] == 12
    assert report.contexts["PY"].gap_fences["R058"].value == pytest.approx(
        results[far["ocid"]]["R058"].evidence["upper_fence"]
    )


def test_r024_uses_a_configured_threshold_instead_of_the_fence() -> None:
    settings = {"indicators": {"R024": {"threshold": 0.05}}}
    found = outcome(_winner_and_loser(100.0, 103.0), "R024", settings=settings)
    assert _flagged(found)
    assert found.evidence["fixed_threshold"] is True


def test_r024_and_r058_are_not_computable_without_enough_processes_for_a_fence() -> None:
    _not_computable(outcome(_winner_and_loser(), "R024"), "too_few_values")
    _not_computable(outcome(_winner_and_loser(), "R058"), "too_few_values")


@pytest.mark.parametrize(
    ("process", "reason"),
    [
        (release(awards=[award("W", 110.0)], bids=[bid("W", 110.0), bid("L", 100.0)]), "winner_not_lowest"),
        (
            release(awards=[award("W", 100.0, status="pending")], bids=[bid("W", 100.0), bid("L", 110.0)]),
            "award_not_final",
        ),
        (
            release(awards=[award("W", 100.0), award("L", 110.0)], bids=[bid("W", 100.0), bid("L", 110.0)]),
            "several_active_awards",
        ),
        (
            release(awards=[award(["W", "X"], 100.0)], bids=[bid("W", 100.0), bid("L", 110.0)]),
            "award_to_several_suppliers",
        ),
        (release(awards=[award("W", 100.0)], bids=[bid(["W", "X"], 100.0), bid("L", 110.0)]), "consortium_bid"),
        (release(awards=[award("W", 100.0)], bids=[bid("W", 100.0)]), "no_second_valid_bid"),
        (
            release(awards=[award("W", 100.0)], bids=[bid("W", 100.0), bid("L", 90.0, currency="USD")]),
            "no_second_valid_bid",
        ),
        (release(awards=[award("W", 100.0)]), "no_bids"),
        (release(bids=[bid("W", 100.0)]), "no_awards"),
    ],
)
def test_r024_and_r058_follow_cardinals_exclusions(process: dict[str, Any], reason: str) -> None:
    results, _report = run_engine(process, *_gap_population())
    _not_computable(results[process["ocid"]]["R024"], reason)
    _not_computable(results[process["ocid"]]["R058"], reason)


def test_prices_are_not_compared_for_excluded_procurement_method_details() -> None:
    settings = {"indicators": {"ALL": {"no_price_comparison_procurement_method_details": ["Sorteo de Obras"]}}}
    process = _winner_and_loser(100.0, 101.0, details="Sorteo de Obras")
    for code in ("R024", "R028", "R036", "R058"):
        _not_computable(outcome(process, code, *_gap_population(), settings=settings), "no_price_comparison")


# --- R025 excessive unsuccessful bids -------------------------------------------------------------------------


def _r025_population() -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Ten tenderers winning half or more of their bids, and TOP, which won 1 of its 12."""
    processes: list[dict[str, Any]] = []
    named: dict[str, str] = {}
    counts = {
        "T0": (3, 4),
        "T1": (2, 4),
        "T2": (3, 5),
        "T3": (4, 5),
        "T4": (2, 3),
        "T5": (3, 4),
        "T6": (2, 4),
        "T7": (3, 5),
        "T8": (4, 6),
        "T9": (3, 4),
        "TOP": (1, 12),
    }
    for tenderer, (wins, bids) in counts.items():
        for n in range(wins):
            processes.append(
                release(f"ocds-{tenderer}-won-{n}", awards=[award(tenderer, 100.0)], bids=[bid(tenderer, 100.0)])
            )
        for n in range(bids - wins):
            rival = f"U-{tenderer}-{n}"  # each rival wins its only bid
            processes.append(
                release(
                    f"ocds-{tenderer}-lost-{n}",
                    awards=[award(rival, 90.0)],
                    bids=[bid(rival, 90.0), bid(tenderer, 100.0)],
                )
            )
    named.update(top_lost="ocds-TOP-lost-0", top_won="ocds-TOP-won-0", regular_lost="ocds-T1-lost-0")
    return processes, named


def test_r025_fires_where_a_top_tenderer_with_a_low_win_ratio_lost() -> None:
    processes, named = _r025_population()
    results, report = run_engine(*processes)
    found = results[named["top_lost"]]["R025"]
    assert _flagged(found)
    assert found.evidence["tenderers"] == [
        {"id": "TOP", "won": 1, "valid_bids": 12, "ratio": pytest.approx(1 / 12, abs=1e-6)}
    ]
    assert found.evidence["lower_fence"] == pytest.approx(0.375)
    assert report.contexts["PY"].r025_flagged == {"TOP"}


def test_r025_does_not_fire_where_the_top_tenderer_won_or_a_regular_one_lost() -> None:
    processes, named = _r025_population()
    results, _report = run_engine(*processes)
    assert not _flagged(results[named["top_won"]]["R025"])
    assert not _flagged(results[named["regular_lost"]]["R025"])


def test_r025_is_not_computable_without_bids_or_enough_tenderers() -> None:
    _not_computable(outcome(release(awards=[award("W", 1.0)]), "R025"), "no_bids")
    _not_computable(outcome(_winner_and_loser(), "R025"), "too_few_values")


# --- R028 identical bid prices ---------------------------------------------------------------------------------


def test_r028_fires_when_different_tenderers_bid_the_same_price() -> None:
    found = outcome(release(bids=[bid("A", 100.0), bid("B", 100.0), bid("C", 120.0)]), "R028")
    assert _flagged(found)
    assert found.evidence["identical_prices"] == [{"amount": 100.0, "currency": "PYG", "tenderers": ["A", "B"]}]


def test_r028_does_not_fire_on_a_tenderers_own_repeated_price_or_another_currency() -> None:
    assert not _flagged(outcome(release(bids=[bid("A", 100.0), bid("A", 100.0), bid("B", 90.0)]), "R028"))
    assert not _flagged(outcome(release(bids=[bid("A", 100.0), bid("B", 100.0, currency="USD")]), "R028"))


def test_r028_is_not_computable_with_fewer_than_two_priced_bids() -> None:
    _not_computable(outcome(release(bids=[bid("A", 100.0), bid("B")]), "R028"), "fewer_than_two_priced_bids")
    _not_computable(outcome(release(), "R028"), "fewer_than_two_priced_bids")


# --- R030 late bid won -------------------------------------------------------------------------------------


def test_r030_fires_when_the_winners_valid_bid_arrived_after_the_deadline_in_any_time_zone() -> None:
    late = release(
        end="2024-01-10T16:00:00Z",
        awards=[award("W", 100.0)],
        bids=[bid("W", 100.0, date="2024-01-10T12:00:00-05:00"), bid("L", 90.0, date="2024-01-09T00:00:00Z")],
    )
    found = outcome(late, "R030")
    assert _flagged(found)
    assert found.evidence["late_winning_bids"] == [{"tenderer": "W", "received": "2024-01-10T17:00:00Z"}]


def test_r030_does_not_fire_on_a_bid_in_time_or_a_late_losing_bid() -> None:
    in_time = release(
        end="2024-01-10T00:00:00Z",
        awards=[award("W", 1.0)],
        bids=[bid("W", 1.0, date="2024-01-09T00:00:00Z"), bid("L", 2.0, date="2024-01-11T00:00:00Z")],
    )
    assert not _flagged(outcome(in_time, "R030"))


def test_r030_is_not_computable_without_a_deadline_dated_bids_or_an_active_award() -> None:
    _not_computable(
        outcome(release(end=None, awards=[award("W")], bids=[bid("W", date="2024-01-01")]), "R030"), "no_deadline"
    )
    _not_computable(outcome(release(awards=[award("W")], bids=[bid("W", 1.0)]), "R030"), "no_dated_valid_bids")
    _not_computable(
        outcome(release(awards=[award("W", status="cancelled")], bids=[bid("W", date="2024-01-01")]), "R030"),
        "no_active_award",
    )


# --- R035 all except the winning bid disqualified -------------------------------------------------------------


def test_r035_fires_when_every_other_tenderer_was_disqualified() -> None:
    process = release(
        awards=[award("W", 100.0)],
        bids=[bid("W", 100.0), bid("A", 90.0, "disqualified"), bid("B", 95.0, "disqualified")],
    )
    found = outcome(process, "R035")
    assert _flagged(found)
    assert found.evidence["disqualified_tenderers"] == ["A", "B"]


def test_r035_does_not_fire_with_another_valid_bid_or_below_its_threshold() -> None:
    other_valid = release(awards=[award("W")], bids=[bid("W"), bid("A"), bid("B", status="disqualified")])
    assert not _flagged(outcome(other_valid, "R035"))
    one_disqualified = release(awards=[award("W")], bids=[bid("W"), bid("A", status="disqualified")])
    assert _flagged(outcome(one_disqualified, "R035"))
    assert not _flagged(outcome(one_disqualified, "R035", settings={"indicators": {"R035": {"threshold": 2}}}))


def test_r035_is_not_computable_with_a_pending_award_or_no_active_award() -> None:
    bids = [bid("W"), bid("A", status="disqualified")]
    _not_computable(outcome(release(awards=[award("W", status="pending")], bids=bids), "R035"), "award_not_final")
    _not_computable(outcome(release(awards=[award("W", status="unsuccessful")], bids=bids), "R035"), "no_active_award")
    _not_computable(outcome(release(awards=[award("W")]), "R035"), "no_bids")


# --- R036 lowest bid disqualified -------------------------------------------------------------------------------


def test_r036_fires_when_the_lowest_bid_was_disqualified() -> None:
    process = release(
        criteria="priceOnly", awards=[award("W", 100.0)], bids=[bid("W", 100.0), bid("A", 90.0, "disqualified")]
    )
    found = outcome(process, "R036")
    assert _flagged(found)
    assert (found.evidence["lowest_disqualified_bid"], found.evidence["lowest_other_bid"]) == (90.0, 100.0)


def test_r036_does_not_fire_when_a_kept_bid_is_as_low() -> None:
    tie = release(awards=[award("W", 100.0)], bids=[bid("W", 100.0), bid("A", 100.0, "disqualified")])
    assert not _flagged(outcome(tie, "R036"))
    higher = release(awards=[award("W", 100.0)], bids=[bid("W", 100.0), bid("A", 120.0, "disqualified")])
    assert not _flagged(outcome(higher, "R036"))


def test_r036_is_not_computable_unless_price_only_with_comparable_bids() -> None:
    bids = [bid("W", 100.0), bid("A", 90.0, "disqualified")]
    _not_computable(
        outcome(release(criteria="ratedCriteria", awards=[award("W")], bids=bids), "R036"), "not_price_only"
    )
    _not_computable(outcome(release(awards=[award("W", status="pending")], bids=bids), "R036"), "no_active_award")
    mixed = [bid("W", 100.0), bid("A", 90.0, "disqualified", currency="USD")]
    _not_computable(outcome(release(awards=[award("W")], bids=mixed), "R036"), "mixed_currencies")
    _not_computable(
        outcome(release(awards=[award("W")], bids=[bid("A", 90.0, "disqualified")]), "R036"), "no_priced_valid_bid"
    )


# --- R038 excessive disqualified bids -------------------------------------------------------------------------


def _r038_population() -> list[dict[str, Any]]:
    """Ten buyers disqualifying 0-25% of 8 bids over two processes, and BX disqualifying 75%."""
    processes = []
    disqualified = {
        "B0": (0, 0),
        "B1": (1, 0),
        "B2": (0, 1),
        "B3": (1, 1),
        "B4": (1, 0),
        "B5": (2, 0),
        "B6": (0, 1),
        "B7": (0, 0),
        "B8": (1, 0),
        "B9": (1, 1),
        "BX": (3, 3),
    }
    for buyer, per_process in disqualified.items():
        for n, count in enumerate(per_process):
            bids = [bid(f"{buyer}-{n}-{i}", 10.0 + i, "disqualified" if i < count else "valid") for i in range(4)]
            processes.append(
                release(f"ocds-{buyer}-{n}", buyer=buyer, awards=[award(f"{buyer}-{n}-3", 13.0)], bids=bids)
            )
    return processes


def test_r038_fires_where_an_outlier_buyer_disqualified_a_bid() -> None:
    results, report = run_engine(*_r038_population())
    found = results["ocds-BX-0"]["R038"]
    assert _flagged(found)
    assert found.evidence["flagged"][0] | {"upper_fence": 0} == {
        "role": "buyer",
        "id": "BX",
        "ratio": 0.75,
        "disqualified": 6,
        "submitted": 8,
        "upper_fence": 0,
    }
    assert report.contexts["PY"].r038_fences["buyer"].value == pytest.approx(0.4375)
    assert not _flagged(results["ocds-B3-0"]["R038"])


def test_r038_fires_where_an_outlier_tenderers_bid_was_disqualified() -> None:
    processes = [
        release(
            f"ocds-dq-{n}",
            buyer=f"BUYER-{n}",
            awards=[award(f"V{n}")],
            bids=[bid("DQ", 1.0, "disqualified"), bid(f"V{n}", 2.0)],
        )
        for n in range(2)
    ]
    results, _report = run_engine(*processes, settings={"indicators": {"R038": {"threshold": 0.5}}})
    assert results["ocds-dq-0"]["R038"].evidence["flagged"][0]["id"] == "DQ"


def test_r038_is_not_computable_without_bids_or_assessable_organisations() -> None:
    _not_computable(outcome(release(awards=[award("W")]), "R038"), "no_bids")
    _not_computable(outcome(release(bids=[bid("A", 1.0, "disqualified")]), "R038"), "not_assessed")


# --- GT01 direct awards adding up past the open-procedure threshold ---------------------------------------------------


def _direct(amount: float, date: str, supplier: str = "S1", **kwargs: Any) -> dict[str, Any]:
    return release(method="direct", awards=[award(supplier, amount, date=date)], **kwargs)


def test_gt01_fires_on_direct_awards_to_one_supplier_adding_up_past_the_threshold_within_a_year() -> None:
    processes = [_direct(40_000.0, f"2024-0{month}-01T00:00:00Z") for month in (1, 4, 7)]
    results, _report = run_engine(*processes, settings=PY_GT01)
    for process in processes:
        found = results[process["ocid"]]["GT01"]
        assert _flagged(found)
        assert (found.evidence["total"], found.evidence["awards"], found.evidence["threshold"]) == (
            120_000.0,
            3,
            100_000,
        )


def test_gt01_does_not_fire_on_awards_spread_over_years_to_other_suppliers_or_a_single_award() -> None:
    spread = [_direct(60_000.0, "2021-01-01T00:00:00Z"), _direct(60_000.0, "2022-06-01T00:00:00Z")]
    others = [_direct(60_000.0, "2024-01-01T00:00:00Z", "S2"), _direct(60_000.0, "2024-02-01T00:00:00Z", "S3")]
    single = [_direct(500_000.0, "2024-01-01T00:00:00Z", "S4")]
    results, _report = run_engine(*spread, *others, *single, settings=PY_GT01)
    assert not any(_flagged(results[p["ocid"]]["GT01"]) for p in [*spread, *others, *single])


def test_gt01_is_not_computable_without_a_threshold_outside_direct_awards_or_in_another_currency() -> None:
    process = _direct(40_000.0, "2024-01-01T00:00:00Z")
    _not_computable(outcome(process, "GT01"), "no_threshold")
    _not_computable(
        outcome(release(method="open", awards=[award("S1", 1.0)]), "GT01", settings=PY_GT01), "method_out_of_scope"
    )
    in_dollars = release(method="direct", awards=[award("S1", 1.0, currency="USD")])
    _not_computable(outcome(in_dollars, "GT01", settings=PY_GT01), "no_award_value")
    no_buyer = _direct(1.0, "2024-01-01T00:00:00Z", buyer=None)  # nor its country: the caller's default applies
    results, _report = run_engine(no_buyer, settings=PY_GT01, country="PY")
    _not_computable(results[no_buyer["ocid"]]["GT01"], "no_buyer_id")


# --- GT02 award above the budget or the winning bid ---------------------------------------------------------------


def test_gt02_fires_on_an_award_above_the_budget_or_above_the_winners_bid() -> None:
    above_budget = outcome(release(budget=100.0, awards=[award("W", 120.0)]), "GT02")
    assert _flagged(above_budget)
    assert above_budget.evidence["comparisons"][0] | {} == {
        "compared": "budget",
        "awarded": 120.0,
        "budget": 100.0,
        "currency": "PYG",
        "above": True,
    }
    above_bid = outcome(release(awards=[award("W", 100.0)], bids=[bid("W", 90.0), bid("L", 95.0)]), "GT02")
    assert _flagged(above_bid)
    assert above_bid.evidence["comparisons"][0]["bid"] == 90.0


def test_gt02_reads_the_related_bid_and_does_not_fire_within_budget_and_bid() -> None:
    process = release(
        budget=100.0,
        awards=[award("W", 95.0, related_bid="b-2")],
        bids=[bid("W", 90.0, id="b-1"), bid("W", 95.0, id="b-2")],
    )
    assert not _flagged(outcome(process, "GT02"))
    tolerated = {"indicators": {"GT02": {"tolerance": 0.25}}}
    assert not _flagged(outcome(release(budget=100.0, awards=[award("W", 120.0)]), "GT02", settings=tolerated))


def test_gt02_is_not_computable_without_an_active_award_or_anything_in_its_currency() -> None:
    _not_computable(outcome(release(budget=100.0), "GT02"), "no_awards")
    _not_computable(outcome(release(budget=100.0, awards=[award("W", 1.0, "pending")]), "GT02"), "no_active_award")
    _not_computable(
        outcome(release(budget=100.0, currency="USD", awards=[award("W", 120.0)]), "GT02"), "no_budget_or_bid"
    )


# --- relatedBid: the winning bid as the publisher names it ---------------------------------------------------------
# The award's supplier id (an org-id) differs from the tenderer's id in bids.details (a portal id): only the
# award's relatedBid (bids extension) tells which bid won; without it, winners are matched by supplier id.


def _renamed_winner(winning: float, losing: float, *, related: str | None = "bid-won", **kwargs: Any) -> dict[str, Any]:
    return release(
        awards=[award("ORG-ID-W", winning, related_bid=related)],
        bids=[bid("PORTAL-W", winning, id="bid-won", **kwargs), bid("L", losing, id="bid-lost")],
    )


def test_r024_finds_the_winning_bid_by_related_bid_when_the_supplier_id_differs() -> None:
    close = _renamed_winner(100.0, 101.0)
    results, _report = run_engine(close, *_gap_population())
    found = results[close["ocid"]]["R024"]
    assert _flagged(found)
    assert found.evidence["winner"] == "PORTAL-W"
    assert found.evidence["winning_bid"] == 100.0
    assert found.evidence["second_lowest_tenderer"] == "L"


def test_r024_picks_the_related_bid_among_the_winners_bids() -> None:
    # The winner bid twice; the award names its second bid (101), not its lowest (100).
    process = release(
        awards=[award("W", 101.0, related_bid="b-2")],
        bids=[bid("W", 100.0, id="b-1"), bid("W", 101.0, id="b-2"), bid("L", 150.0, id="b-3")],
    )
    found = outcome(process, "R058", *_gap_population())
    assert found.evidence["winning_bid"] == 101.0


def test_r024_falls_back_to_the_supplier_id_without_a_usable_related_bid() -> None:
    # No relatedBid, or one naming no published bid: the supplier id is matched, and here it matches no tenderer.
    for related in (None, "bid-unknown"):
        results, _report = run_engine(_renamed_winner(100.0, 101.0, related=related), *_gap_population())
        (found,) = [r["R024"] for ocid, r in results.items() if not ocid.startswith("ocds-gap-")]
        _not_computable(found, "no_valid_winning_bid")
    same_ids = release(awards=[award("W", 100.0, related_bid="bid-unknown")], bids=[bid("W", 100.0), bid("L", 101.0)])
    results, _report = run_engine(same_ids, *_gap_population())
    assert _flagged(results[same_ids["ocid"]]["R024"])


def test_r030_reads_the_related_bid_when_the_supplier_id_differs() -> None:
    late = _renamed_winner(100.0, 90.0, date="2024-02-02T00:00:00Z")
    found = outcome(late, "R030")
    assert _flagged(found)
    assert found.evidence["late_winning_bids"] == [{"tenderer": "PORTAL-W", "received": "2024-02-02T00:00:00Z"}]
    # the same data without relatedBid: the supplier id matches no tenderer, so no late bid is the winner's
    assert not _flagged(outcome(_renamed_winner(100.0, 90.0, related=None, date="2024-02-02T00:00:00Z"), "R030"))


def test_r030_does_not_flag_the_winners_late_bid_that_did_not_win() -> None:
    process = release(
        end="2024-01-10T00:00:00Z",
        awards=[award("W", 1.0, related_bid="in-time")],
        bids=[bid("W", 1.0, date="2024-01-09T00:00:00Z", id="in-time"), bid("W", 2.0, date="2024-01-11T00:00:00Z")],
    )
    assert not _flagged(outcome(process, "R030"))
    process["awards"][0].pop("relatedBid")
    assert _flagged(outcome(process, "R030"))  # by supplier id, the winner's late bid counts


def test_r035_reads_the_related_bid_when_the_supplier_id_differs() -> None:
    process = release(
        awards=[award("ORG-ID-W", 100.0, related_bid="won")],
        bids=[bid("PORTAL-W", 100.0, id="won"), bid("A", 90.0, "disqualified")],
    )
    found = outcome(process, "R035")
    assert _flagged(found)
    assert found.evidence["winners"] == ["PORTAL-W"]
    process["awards"][0].pop("relatedBid")
    assert not _flagged(outcome(process, "R035"))


def test_the_facts_read_related_bid_and_its_later_list_form() -> None:
    compiled = release(
        awards=[award("W", 1.0, related_bid="b-1") | {"relatedBids": ["b-1", "b-2", ""]}, award("X", 2.0)],
        bids=[bid("W", 1.0, id="b-1")],
    )
    facts = summarise(compiled)
    assert facts.awards is not None
    assert [a.related_bids for a in facts.awards] == [("b-1", "b-2"), ()]


# --- GT03 submission deadline amended shorter --------------------------------------------------------------------------


def _history(*steps: tuple[str, str]) -> ProcessInput:
    releases = [
        release("ocds-history", date=published, end=end) | {"id": str(n), "tag": ["tenderAmendment"]}
        for n, (published, end) in enumerate(steps)
    ]
    return ProcessInput("ocds-history", releases[-1] | {"tag": ["compiled"]}, releases=releases)


def _gt03(process: ProcessInput) -> Outcome:
    results, _report = run_engine(process)
    return results[process.ocid]["GT03"]


def test_gt03_fires_when_a_release_moves_the_deadline_earlier_while_bids_are_open() -> None:
    found = _gt03(
        _history(("2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z"), ("2024-01-10T00:00:00Z", "2024-01-20T00:00:00Z"))
    )
    assert _flagged(found)
    assert found.evidence["shortened"] == [
        {
            "former_deadline": "2024-02-01T00:00:00Z",
            "new_deadline": "2024-01-20T00:00:00Z",
            "published": "2024-01-10T00:00:00Z",
            "shortened_by_days": 12.0,
        }
    ]


def test_gt03_does_not_fire_on_an_extension_or_a_correction_after_the_deadline() -> None:
    extended = _history(
        ("2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z"), ("2024-01-10T00:00:00Z", "2024-02-10T00:00:00Z")
    )
    assert not _flagged(_gt03(extended))
    corrected = _history(
        ("2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z"), ("2024-02-05T00:00:00Z", "2024-01-30T00:00:00Z")
    )
    assert not _flagged(_gt03(corrected))


def test_gt03_reads_a_versioned_release_and_amendment_changes() -> None:
    versioned = {
        "tender": {
            "tenderPeriod": {
                "endDate": [
                    {"releaseDate": "2024-01-01T00:00:00Z", "releaseID": "1", "value": "2024-02-01T00:00:00Z"},
                    {"releaseDate": "2024-01-05T00:00:00Z", "releaseID": "2", "value": "2024-01-25T00:00:00Z"},
                ]
            }
        }
    }
    compiled = release("ocds-versioned", end="2024-01-25T00:00:00Z")
    assert _flagged(_gt03(ProcessInput("ocds-versioned", compiled, versioned=versioned, release_count=2)))
    amended = release(
        "ocds-amended",
        end="2024-01-25T00:00:00Z",
        amendments=[
            {
                "id": "1",
                "date": "2024-01-05T00:00:00Z",
                "changes": [{"property": "tenderPeriod", "former_value": {"endDate": "2024-02-01T00:00:00Z"}}],
            }
        ],
    )
    found = _gt03(ProcessInput("ocds-amended", amended))
    assert _flagged(found)
    assert found.evidence["source"] == "amendments"


def test_gt03_is_not_computable_from_a_compiled_release_alone() -> None:
    _not_computable(outcome(release(), "GT03"), "no_deadline_history")


# --- GT04 market concentration per buyer and CPV division -----------------------------------------------------------


def _market(
    suppliers: list[str], *, start_year: int = 2022, currency: str = "PYG", cpv: str | None = "72200000"
) -> list[dict[str, Any]]:
    return [
        release(
            f"ocds-market-{n}",
            cpv=cpv,
            date=f"{start_year + n // 4}-0{n % 4 + 1}-01T00:00:00Z",
            awards=[award(s, 100.0, currency=currency, date=f"{start_year + n // 4}-0{n % 4 + 1}-01T00:00:00Z")],
        )
        for n, s in enumerate(suppliers)
    ]


def test_gt04_fires_when_one_supplier_holds_most_of_a_buyers_market() -> None:
    results, _report = run_engine(*_market(["S1", "S1", "S2", "S1", "S1"]))
    found = results["ocds-market-4"]["GT04"]
    assert _flagged(found)
    assert (found.evidence["hhi"], found.evidence["awards"], found.evidence["division"]) == (6800.0, 5, "72")
    assert found.evidence["top_suppliers"][0] == {"id": "S1", "share_percent": 80.0}


def test_gt04_does_not_fire_on_a_spread_market() -> None:
    results, _report = run_engine(*_market(["S1", "S2", "S3", "S4", "S5"]))
    found = results["ocds-market-4"]["GT04"]
    assert not _flagged(found)
    assert found.evidence["hhi"] == 2000.0


def test_gt04_is_not_computable_with_few_awards_in_the_window_mixed_currencies_or_no_cpv() -> None:
    results, _report = run_engine(*_market(["S1"] * 5))
    _not_computable(results["ocds-market-3"]["GT04"], "too_few_awards")  # the window holds four awards so far
    mixed = [
        *_market(["S1"] * 4),
        release(
            "ocds-market-usd",
            cpv="72200000",
            date="2023-06-01T00:00:00Z",
            awards=[award("S2", 1.0, currency="USD", date="2023-06-01T00:00:00Z")],
        ),
    ]
    results, _report = run_engine(*mixed)
    _not_computable(results["ocds-market-usd"]["GT04"], "mixed_currencies")
    _not_computable(outcome(release(cpv=None, awards=[award("S1", 1.0)]), "GT04"), "no_classification")


def test_gt04_leaves_out_awards_older_than_the_window() -> None:
    processes = _market(["S1"] * 5)
    processes[0]["awards"][0]["date"] = "2018-01-01T00:00:00Z"  # more than 36 months before ocds-market-4 (2023)
    results, _report = run_engine(*processes)
    _not_computable(results["ocds-market-4"]["GT04"], "too_few_awards")
