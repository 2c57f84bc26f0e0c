"""Red flags, the data side (issue 25): our releases publish the bids only after the opening, with
``numberOfTenderers`` and ``awardCriteria``; imported processes keep their compiled record; the tasks compute
and store each process's flags and each country's fences, idempotently; ``recompute_red_flags`` reports."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from procurement.applications.models import Application, ApplicationPartner
from procurement.applications.services import applications_open
from procurement.awards.models import Award, Decision
from procurement.calls.models import Call
from procurement.ocds import build, packages, redflag_services, tasks
from procurement.ocds import services as ocds
from procurement.ocds.models import ImportedProcess, RedFlagFence, RedFlagProcess, RedFlagResult, Release
from procurement.ocds.redflags.engine import METHODOLOGY_VERSION
from procurement.ocds.validation import validate
from tests.accounts.factories import SupplierOrganisationFactory
from tests.procurement.factories import make_application, open_applications, pass_deadline, published_call

pytestmark = pytest.mark.django_db

UK_2025 = Path(__file__).parent / "samples" / "england_contracts_finder_release_package_2025-01-23.json"


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, tuple[Any, ...]]]:
    """The tasks enqueued by name (nothing reaches a broker)."""
    sent: list[tuple[str, tuple[Any, ...]]] = []
    monkeypatch.setattr(redflag_services, "enqueue_now", lambda name, *args: sent.append((name, args)) or True)
    return sent


@pytest.fixture
def closed_call(
    public_body: Any, supplier_org: Any, supplier_owner: Any, other_supplier_org: Any, outsider: Any
) -> Call:
    call = published_call(public_body, criteria=[{"name": "price", "weight": 100}])
    make_application(call, supplier_org, by=supplier_owner, price=90000)
    make_application(call, other_supplier_org, by=outsider, price=120000, status=Application.Status.DISQUALIFIED)
    third = SupplierOrganisationFactory(name="Borrador SAS", country="CO")
    make_application(call, third, by=supplier_owner, status=Application.Status.DRAFT)
    return pass_deadline(call)


def _release(call: Call) -> dict[str, Any]:
    return build.release(call, release_id="r", tags=["tenderUpdate"], date=timezone.now())


def test_the_bids_are_not_published_before_the_opening(closed_call: Call) -> None:
    data = _release(closed_call)
    assert "bids" not in data
    assert "numberOfTenderers" not in data["tender"]
    assert not [p for p in data["parties"] if "tenderer" in p["roles"]]


def test_after_the_opening_each_submitted_bid_is_published_and_valid(closed_call: Call, officer: Any) -> None:
    open_applications(closed_call, officer)
    data = _release(closed_call)
    details = data["bids"]["details"]
    assert [(d["status"], d["value"]) for d in details] == [
        ("valid", {"amount": 90000, "currency": "COP"}),
        ("disqualified", {"amount": 120000, "currency": "COP"}),
    ]  # the draft is no bid
    assert [len(d["tenderers"]) for d in details] == [1, 1]
    assert data["tender"]["numberOfTenderers"] == 2
    assert {s["measure"]: s["value"] for s in data["bids"]["statistics"]} == {"bids": 2, "validBids": 1}
    tenderers = {p["id"] for p in data["parties"] if "tenderer" in p["roles"]}
    assert tenderers == {t["id"] for d in details for t in d["tenderers"]}
    assert validate(data, "release") == []
    package = packages.release_package([data], uri="https://example.org/p.json")
    assert packages.BID_EXTENSION in package["extensions"]
    assert validate(package, "release_package") == []


def test_a_consortium_bid_names_its_accepted_partners(
    closed_call: Call, officer: Any, supplier_owner: Any, other_supplier_org: Any
) -> None:
    lead = Application.objects.get(call=closed_call, status=Application.Status.SUBMITTED)
    ApplicationPartner.objects.create(
        application=lead, organisation=other_supplier_org, consent=ApplicationPartner.Consent.ACCEPTED
    )
    open_applications(closed_call, officer)
    data = _release(closed_call)
    assert len(data["bids"]["details"][0]["tenderers"]) == 2
    assert data["tender"]["numberOfTenderers"] == 2  # the partner also bid alone (disqualified)


def test_the_opening_writes_a_release_with_the_bids(
    closed_call: Call, officer: Any, queued: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    ocid = build.ocid_for(closed_call.pk)
    with django_capture_on_commit_callbacks(execute=True):
        ocds.ocds_release_record(call_id=closed_call.pk, tag="tenderUpdate")
    assert "bids" not in Release.objects.get(ocid=ocid).data
    with django_capture_on_commit_callbacks(execute=True):
        applications_open(call=closed_call, actor=officer, declare=True)
    opening = Release.objects.get(release_id=f"{ocid}-tenderUpdate-opening")
    assert len(opening.data["bids"]["details"]) == 2
    assert opening.date > Release.objects.get(release_id=f"{ocid}-tenderUpdate").date
    compiled = packages.record(ocid, list(Release.objects.of_ocid(ocid).values_list("data", flat=True)))
    assert compiled["compiledRelease"]["tender"]["numberOfTenderers"] == 2
    assert ("ocds.red_flags_process", (ocid,)) in queued


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ([{"name": "price", "weight": 100}], "priceOnly"),
        ([{"name": "Precio", "weight": "60"}, {"name": "costo", "weight": 40}], "priceOnly"),
        ([{"name": "price", "weight": 40}, {"name": "innovation", "weight": 60}], "ratedCriteria"),
        ([{"name": "innovation", "weight": 100}], "ratedCriteria"),
    ],
)
def test_award_criteria_follow_the_calls_criteria(public_body: Any, criteria: Any, expected: str) -> None:
    call = published_call(public_body, criteria=criteria)
    assert _release(call)["tender"]["awardCriteria"] == expected


def test_a_call_without_weighted_criteria_does_not_claim_any(public_body: Any) -> None:
    call = published_call(public_body, criteria=[])
    assert "awardCriteria" not in _release(call)["tender"]


def _award(call: Call, approver: Any) -> None:
    application = Application.objects.get(call=call, status=Application.Status.SUBMITTED)
    decision = Decision.objects.create(
        call=call,
        outcome=Decision.Outcome.AWARDED,
        justification="Best",
        decided_by=approver,
        decided_at=timezone.now(),
    )
    Award.objects.create(decision=decision, application=application, amount=90000, currency="COP")
    Application.objects.filter(pk=application.pk).update(status=Application.Status.AWARDED)
    Call.objects.filter(pk=call.pk).update(status=Call.Status.AWARDED, decided_at=timezone.now())
    ocds.ocds_award_released(decision_id=decision.pk)


def test_a_new_release_asks_for_its_processs_flags_by_task_name(
    closed_call: Call, queued: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ocds.ocds_release_record(call_id=closed_call.pk, tag="tenderUpdate")
    assert ("ocds.red_flags_process", (build.ocid_for(closed_call.pk),)) in queued
    queued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ocds.ocds_release_record(call_id=closed_call.pk, tag="tenderUpdate")  # the same event: nothing new
    assert queued == []


def test_the_process_task_stores_flags_with_evidence_and_is_idempotent(
    closed_call: Call, officer: Any, approver: Any, queued: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    open_applications(closed_call, officer)
    with django_capture_on_commit_callbacks(execute=True):
        ocds.ocds_release_record(call_id=closed_call.pk, tag="tenderUpdate")
        _award(closed_call, approver)
    ocid = build.ocid_for(closed_call.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.ocds_red_flags_process(ocid) == "computed"
    assert ("ocds.red_flags_country", ("CO",)) in queued
    process = RedFlagProcess.objects.get(ocid=ocid)
    assert (process.call_id, process.country, process.fenced) == (closed_call.pk, "CO", False)
    flags = {f.indicator: f for f in RedFlagResult.objects.filter(ocid=ocid)}
    assert len(flags) == 14
    r036 = flags["R036"]  # price only, and the lowest bid (90000) is valid: not flagged
    assert r036.outcome == "not_flagged"
    assert flags["R035"].outcome == "flagged"  # all bids but the winner's disqualified
    assert flags["R035"].evidence
    assert {f.methodology_version for f in flags.values()} == {METHODOLOGY_VERSION}
    for code in redflag_services.AGGREGATE_CODES:
        assert (flags[code].outcome, flags[code].reason) == ("not_computable", redflag_services.AWAITING)
    stamps = sorted(RedFlagResult.objects.filter(ocid=ocid).values_list("computed_at", flat=True))
    assert tasks.ocds_red_flags_process(ocid) == "unchanged"
    assert sorted(RedFlagResult.objects.filter(ocid=ocid).values_list("computed_at", flat=True)) == stamps

    assert tasks.ocds_red_flags_country("CO").startswith("country=CO processes=1")
    assert not RedFlagResult.objects.filter(ocid=ocid, reason=redflag_services.AWAITING).exists()
    assert RedFlagProcess.objects.get(ocid=ocid).fenced
    assert set(RedFlagFence.objects.filter(country="CO").values_list("indicator", flat=True)) == {
        "R024",
        "R025",
        "R038",
        "R058",
    }
    assert tasks.ocds_red_flags_process(ocid) == "unchanged"  # fenced and current: nothing to do
    assert tasks.ocds_red_flags_process("ocds-nothing-1") == "missing"


def test_the_periodic_task_summarises_what_was_missed_and_fences_stale_countries(
    closed_call: Call, officer: Any, approver: Any, queued: list[Any]
) -> None:
    open_applications(closed_call, officer)
    _award(closed_call, approver)  # its release is written outside any on-commit hook here: never summarised
    assert Release.objects.exists()
    assert not RedFlagProcess.objects.exists()
    assert tasks.ocds_red_flags_fences() == "countries=1 processes=1"
    assert RedFlagProcess.objects.get().fenced
    assert tasks.ocds_red_flags_fences() == "countries=0 processes=0"  # nothing stale


def test_an_imported_process_keeps_its_compiled_record_and_its_flags_are_public(
    queued: list[Any], django_capture_on_commit_callbacks: Any, anonymous: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_ocds", str(UK_2025), stdout=io.StringIO())
    process = ImportedProcess.objects.order_by("ocid").first()
    assert process is not None
    assert isinstance(process.compiled, dict)
    assert process.compiled["ocid"] == process.ocid
    assert ("ocds.red_flags_process", (process.ocid,)) in queued
    assert redflag_services.red_flags_process(process.ocid) == "computed"
    stored = RedFlagProcess.objects.get(ocid=process.ocid)
    assert (stored.imported_id, stored.call_id) == (process.pk, process.call_id)
    assert RedFlagResult.objects.visible_to(anonymous).filter(ocid=process.ocid).count() == 14


def test_processes_imported_before_the_record_was_kept_get_it_on_the_next_import(
    queued: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    call_command("import_ocds", str(UK_2025), stdout=io.StringIO())
    ImportedProcess.objects.update(compiled=None)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_ocds", str(UK_2025), stdout=out)
    assert "imported=0" in out.getvalue()
    assert not ImportedProcess.objects.filter(compiled__isnull=True).exists()


def test_recompute_red_flags_reports_per_country_and_indicator(queued: list[Any]) -> None:
    call_command("import_ocds", str(UK_2025), stdout=io.StringIO())
    out = io.StringIO()
    call_command("recompute_red_flags", stdout=out)
    lines = out.getvalue().splitlines()
    processes = ImportedProcess.objects.count()
    assert lines[0].startswith(f"country=GB processes={processes} flagged_processes=")
    assert [line.split(" ")[0] for line in lines[1:15]] == [f"indicator={c}" for c in redflag_services.INDICATOR_CODES]
    assert lines[-1].startswith(f"processes={processes} flagged_processes=")
    assert RedFlagResult.objects.count() == 14 * processes
    assert not RedFlagResult.objects.filter(reason=redflag_services.AWAITING).exists()
    again = io.StringIO()
    call_command("recompute_red_flags", "--country", "GB", stdout=again)
    assert again.getvalue().splitlines()[0] == lines[0]
    with pytest.raises(Exception, match="not a country"):
        call_command("recompute_red_flags", "--country", "Atlantis", stdout=io.StringIO())
