"""What the stored summaries of imported processes feed beyond the flags: time to contract and the SME shares
(live indicators, without counting a process twice), and GT03 from the releases a record package carries."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from procurement.awards.models import Award
from procurement.ocds import redflag_services
from procurement.ocds.importing import ocds_import
from procurement.ocds.models import ImportedProcess, RedFlagProcess, RedFlagResult
from procurement.ocds.redflags.facts import FACTS_VERSION, summarise
from recommendations.indicators import IndicatorQuery
from recommendations.indicators.awards import (
    _awarded_rows,
    award_share_smes,
    award_share_startups,
    award_value_share_smes,
    median_days_call_to_contract,
)
from tests.procurement.ocds.redflags_builders import award, release

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_broker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(redflag_services, "enqueue_now", lambda name, *args: True)


def _supplier_parties(scales: dict[str, str | None]) -> list[dict[str, Any]]:
    return [
        {"id": s, "name": f"Proveedor {s}", "roles": ["supplier"], **({"details": {"scale": scale}} if scale else {})}
        for s, scale in scales.items()
    ]


def _imported(
    ocid: str,
    *,
    awards: list[dict[str, Any]],
    scales: dict[str, str | None],
    start: str | None = "2024-01-01T00:00:00Z",
    signed: list[str] = (),
    **extra: Any,
) -> dict[str, Any]:
    compiled = release(ocid, start=start, awards=awards, **extra)
    compiled["parties"] += _supplier_parties(scales)
    compiled["contracts"] = [
        {"id": f"c-{n}", "awardID": awards[0]["id"], "status": "active", "dateSigned": date}
        for n, date in enumerate(signed)
    ]
    return compiled


def _import(tmp_path: Path, *records: dict[str, Any]) -> None:
    path = tmp_path / f"records-{len(list(tmp_path.iterdir()))}.json"
    path.write_text(json.dumps({"records": list(records)}), encoding="utf-8")
    outcome = ocds_import([str(path)])
    assert outcome.skipped == 0, outcome.messages
    for record in records:
        assert redflag_services.red_flags_process(record["ocid"]) == "computed"


def _record(compiled: dict[str, Any], releases: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"ocid": compiled["ocid"], "compiledRelease": compiled, **({"releases": releases} if releases else {})}


# --- the summary -------------------------------------------------------------------------------------------------


def test_the_summary_keeps_the_first_publication_the_signatures_and_the_suppliers_scale() -> None:
    compiled = _imported(
        "ocds-x-1",
        awards=[award(["A", "B"], 100.0), award("C", 50.0)],
        scales={"A": "sme", "B": "large", "C": None},
        start=None,
        signed=["2024-03-01T10:00:00-05:00"],
        datePublished="2023-12-20T00:00:00Z",
    )
    facts = summarise(compiled)
    assert facts.version == FACTS_VERSION
    assert facts.published == "2023-12-20T00:00:00Z"
    assert [a.scales for a in facts.awards or ()] == [("sme", "large"), ("",)]
    assert [(c.award_id, c.date_signed) for c in facts.contracts or ()] == [
        (compiled["awards"][0]["id"], "2024-03-01T15:00:00Z")
    ]
    # without datePublished, the first release's date
    del compiled["tender"]["datePublished"]
    releases = [{"date": "2023-12-01T00:00:00Z"}, {"date": "2023-11-15T00:00:00Z"}]
    assert summarise(compiled, releases=releases).published == "2023-11-15T00:00:00Z"


# --- the SME shares and time to contract ----------------------------------------------------------------------------


def test_the_sme_shares_count_imported_processes_once_and_leave_out_unknown_sizes(tmp_path: Path) -> None:
    """In Paraguay an SME wins 30,000 PYG, a large firm 70,000 and a firm of unknown size 50,000: 50 % of the
    awards and 30 % of the value whose supplier's size is known."""
    _import(
        tmp_path,
        _record(
            _imported(
                "ocds-py-1",
                awards=[award("A", 30_000.0), award("B", 70_000.0), award("C", 50_000.0)],
                scales={"A": "sme", "B": "large", "C": None},
            )
        ),
    )
    assert Award.objects.filter(decision__call__imported_process__isnull=False).count() == 3  # the track record
    assert _awarded_rows(IndicatorQuery(country="PY")) == []  # ... is not read: the summary is
    assert [(v.country, v.value) for v in award_share_smes(IndicatorQuery(country="py"))] == [("PY", 50.0)]
    assert [(v.country, v.category, v.value) for v in award_value_share_smes(IndicatorQuery())] == [("PY", "PYG", 30.0)]
    assert award_share_startups(IndicatorQuery(country="PY")) == []  # imported data says nothing of startups
    # a micro enterprise is an SME too, and the year bounds the processes by their reference date
    _import(tmp_path, _record(_imported("ocds-py-2", awards=[award("D", 10.0)], scales={"D": "micro"})))
    assert [v.value for v in award_share_smes(IndicatorQuery(country="PY"))] == [66.7]
    assert award_share_smes(IndicatorQuery(country="PY", year=2023)) == []
    assert [v.value for v in award_share_smes(IndicatorQuery(country="PY", year=2024))] == [66.7]


def test_time_to_contract_counts_imported_processes_from_their_start_to_the_signature(tmp_path: Path) -> None:
    _import(
        tmp_path,
        _record(
            _imported(
                "ocds-py-3",
                awards=[award("A", 1.0)],
                scales={},
                start="2024-01-01T15:00:00Z",  # days are counted between local dates, as for the portal's calls
                signed=["2024-03-01T15:00:00Z"],
            )
        ),
        _record(
            _imported(
                "ocds-py-4",
                awards=[award("B", 1.0)],
                scales={},
                start=None,
                datePublished="2024-01-01T15:00:00Z",
                signed=["2024-01-21T15:00:00Z"],
            )
        ),
        _record(  # signed before its tender began: a data error, left out
            _imported("ocds-py-5", awards=[award("C", 1.0)], scales={}, signed=["2023-06-01T00:00:00Z"])
        ),
    )
    # the import's award rows (with a signature date set here) are not counted a second time
    Award.objects.filter(decision__call__imported_process__isnull=False).update(contract_signed_on="2030-01-01")
    assert [(v.country, v.value) for v in median_days_call_to_contract(IndicatorQuery(country="PY"))] == [
        ("PY", 40.0)  # the median of 60 and 20 days
    ]


def test_summaries_of_an_older_version_are_summarised_again_by_recompute(tmp_path: Path) -> None:
    _import(tmp_path, _record(_imported("ocds-py-6", awards=[award("A", 1.0)], scales={"A": "sme"})))
    stored = RedFlagProcess.objects.get(ocid="ocds-py-6")
    old = {k: v for k, v in stored.facts.items() if k not in ("version", "published", "contracts")}
    RedFlagProcess.objects.filter(pk=stored.pk).update(facts=old, record_checksum="before")
    assert redflag_services.unsummarised_ocids() == ["ocds-py-6"]
    assert award_share_smes(IndicatorQuery(country="PY"))[0].value == 100.0  # an old summary still reads
    redflag_services.red_flags_recompute()
    stored.refresh_from_db()
    assert stored.facts["version"] == FACTS_VERSION
    assert stored.record_checksum != "before"
    assert redflag_services.unsummarised_ocids() == []


# --- GT03 from the releases of a record package ------------------------------------------------------------------------


def _releases(ocid: str, *steps: tuple[str, str | None]) -> list[dict[str, Any]]:
    found = []
    for n, (published, end) in enumerate(steps):
        tender: dict[str, Any] = {"id": "tender"}
        if end:
            tender["tenderPeriod"] = {"endDate": end}
        found.append({"ocid": ocid, "id": f"{ocid}-{n}", "date": published, "tag": ["tender"], "tender": tender})
    return found


def _gt03(ocid: str) -> RedFlagResult:
    return RedFlagResult.objects.get(ocid=ocid, indicator="GT03")


def test_gt03_reads_the_deadlines_of_an_imported_records_releases(tmp_path: Path) -> None:
    shortened = _releases(
        "ocds-gt03-1",
        ("2024-01-02T00:00:00Z", "2024-02-01T00:00:00Z"),
        ("2024-01-10T00:00:00Z", "2024-01-20T00:00:00Z"),
    )
    extended = _releases(
        "ocds-gt03-2",
        ("2024-01-02T00:00:00Z", "2024-02-01T00:00:00Z"),
        ("2024-01-10T00:00:00Z", "2024-02-20T00:00:00Z"),
    )
    single = _releases("ocds-gt03-3", ("2024-01-02T00:00:00Z", "2024-02-01T00:00:00Z"))
    _import(
        tmp_path,
        # the releases listed out of date order: they are read in date order
        _record(release("ocds-gt03-1", end="2024-01-20T00:00:00Z"), shortened[::-1]),
        _record(release("ocds-gt03-2", end="2024-02-20T00:00:00Z"), extended),
        _record(release("ocds-gt03-3"), single),
    )
    flagged = _gt03("ocds-gt03-1")
    assert flagged.outcome == RedFlagResult.Outcome.FLAGGED
    assert flagged.evidence["source"] == "releases"
    assert flagged.evidence["shortened"][0]["former_deadline"] == "2024-02-01T00:00:00Z"
    assert _gt03("ocds-gt03-2").outcome == RedFlagResult.Outcome.NOT_FLAGGED
    assert (_gt03("ocds-gt03-3").outcome, _gt03("ocds-gt03-3").reason) == ("not_computable", "no_deadline_history")
    # only the dates are kept of the releases
    assert ImportedProcess.objects.get(ocid="ocds-gt03-1").release_dates == [
        ["2024-01-02T00:00:00Z", "2024-02-01T00:00:00Z"],
        ["2024-01-10T00:00:00Z", "2024-01-20T00:00:00Z"],
    ]
    assert RedFlagProcess.objects.get(ocid="ocds-gt03-1").facts["published"] == "2024-01-02T00:00:00Z"


def test_gt03_of_a_process_imported_without_its_releases_comes_with_a_second_import(tmp_path: Path) -> None:
    compiled = release("ocds-gt03-4", end="2024-01-20T00:00:00Z")
    _import(tmp_path, _record(compiled))
    assert _gt03("ocds-gt03-4").reason == "no_deadline_history"
    steps = (("2024-01-02T00:00:00Z", "2024-02-01T00:00:00Z"), ("2024-01-10T00:00:00Z", "2024-01-20T00:00:00Z"))
    _import(tmp_path, _record(compiled, _releases("ocds-gt03-4", *steps)))  # same compiled release, now with releases
    assert _gt03("ocds-gt03-4").outcome == RedFlagResult.Outcome.FLAGGED
