"""Every public event of a call writes one immutable OCDS release; every release, package and record validates."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, InternalError, ProgrammingError, transaction
from django.utils import timezone

from procurement.awards.models import Award, Decision, Milestone
from procurement.bodies.models import PublicBody
from procurement.calls.models import Call
from procurement.calls.services import (
    call_amend,
    call_approve,
    call_cancel,
    call_close,
    call_declare_unsuccessful,
    call_start_evaluation,
)
from procurement.challenges.services import challenge_transition
from procurement.ocds import packages
from procurement.ocds import services as ocds
from procurement.ocds.models import Release
from procurement.ocds.validation import validate
from startups.models import Supplier
from tests.procurement.factories import make_application, make_call, make_challenge, verified_body


def _past_deadline(call: Call) -> Call:
    """The deadline holds (#14): a call closes only once its submission deadline has passed."""
    Call.objects.filter(pk=call.pk).update(submission_deadline=timezone.now() - datetime.timedelta(seconds=1))
    call.refresh_from_db()
    return call


def _valid(data: Any, kind: str | None = None) -> None:
    problems = validate(data, kind)
    assert problems == [], [str(p) for p in problems[:5]]


def _all_valid(ocid: str) -> list[dict[str, Any]]:
    releases = list(Release.objects.of_ocid(ocid).values_list("data", flat=True))
    for release in releases:
        _valid(release, "extended_release")  # with the extensions the packages declare (the portal's, the bids')
    _valid(packages.release_package(releases, uri="https://example.org/p.json"), "release_package")
    record = packages.record(ocid, releases)
    _valid(packages.record_package([record], uri="https://example.org/r.json"), "record_package")
    _valid(record["compiledRelease"], "extended_release")
    return releases


@pytest.fixture
def body(public_body: Any) -> Any:
    profile = verified_body(public_body)
    PublicBody.objects.filter(pk=profile.pk).update(identifier_scheme="CO-RUE", identifier="8999990619")
    return public_body


@pytest.fixture
def submitted_call(body: Any, officer: Any) -> Call:
    challenge = make_challenge(body, status="draft", budget=Decimal("500000"), currency="COP")
    call = make_call(
        body,
        status=Call.Status.IN_APPROVAL,
        challenge=challenge,
        cpv_codes=["72000000", "48000000"],
        smes_only=True,
        eligible_countries=["CO", "PE"],
    )
    challenge_transition(challenge=challenge, to="published", actor=officer)
    return call


def test_the_ocid_is_the_registered_prefix_and_the_call_id(settings: Any, submitted_call: Call) -> None:
    from procurement.ocds.build import ocid_for

    settings.OCDS_OCID_PREFIX = "ocds-abc123"
    assert ocid_for(submitted_call.pk) == f"ocds-abc123-{submitted_call.pk}"


def test_a_draft_call_publishes_nothing(submitted_call: Call, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ocds.ocds_release_record(call_id=submitted_call.pk, tag="tender")
    assert not Release.objects.exists()


def test_publish_amend_close_award_contract_milestone_each_write_a_valid_release(
    submitted_call: Call,
    approver: Any,
    officer: Any,
    supplier_org: Any,
    supplier_owner: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    call = submitted_call
    with django_capture_on_commit_callbacks(execute=True):
        call_approve(call=call, actor=approver)
    with django_capture_on_commit_callbacks(execute=True):
        call_amend(
            call=call,
            actor=officer,
            reason="More time",
            submission_deadline=call.submission_deadline + datetime.timedelta(days=3),
        )
    with django_capture_on_commit_callbacks(execute=True):
        call_close(call=_past_deadline(call), actor=officer)
    Supplier.objects.create(
        organisation=supplier_org,
        legal_name="Datos Abiertos SAS",
        country="CO",
        identifier_scheme="CO-RUE",
        identifier="9001234568",
        employees=12,
    )
    supplier_org.supplier.size_class = "small"
    supplier_org.supplier.save()
    application = make_application(call, supplier_org, by=supplier_owner)
    decision = Decision.objects.create(
        call=call,
        outcome=Decision.Outcome.AWARDED,
        justification="Best score",
        decided_by=approver,
        decided_at=timezone.now(),
    )
    award = Award.objects.create(decision=decision, application=application, amount=Decimal("90000"), currency="COP")
    Call.objects.filter(pk=call.pk).update(status=Call.Status.AWARDED, decided_at=timezone.now())
    ocds.ocds_award_released(decision_id=decision.pk)
    Award.objects.filter(pk=award.pk).update(contract_signed_at=timezone.now())
    ocds.ocds_contract_signed(award_id=award.pk)
    milestone = Milestone.objects.create(
        award=award, name="Prototype", due_date=datetime.date(2027, 3, 1), status="done", completed_at=timezone.now()
    )
    ocds.ocds_milestone_met(milestone_id=milestone.pk)

    releases = _all_valid(f"ocds-govtch-{call.pk}")
    assert [r["tag"] for r in releases] == [
        ["planning"],
        ["tender"],
        ["tenderAmendment"],
        ["tenderUpdate"],
        ["award"],
        ["contract"],
        ["implementation"],
    ]
    last = releases[-1]
    assert last["tender"]["status"] == "complete"
    assert last["tender"]["items"][0]["classification"] == {"scheme": "CPV", "id": "72000000"} | (
        {"description": last["tender"]["items"][0]["classification"]["description"]}
        if "description" in last["tender"]["items"][0]["classification"]
        else {}
    )
    assert last["tender"]["value"] == {"amount": 600000, "currency": "COP"}
    assert last["tender"]["eligibility"]["smesOnly"] is True
    assert last["buyer"]["id"] == "CO-RUE-8999990619"
    supplier = next(p for p in last["parties"] if "supplier" in p["roles"])
    assert supplier["id"] == "CO-RUE-9001234568"
    assert supplier["identifier"]["scheme"] == "CO-RUE"
    assert supplier["details"]["scale"] == "sme"
    assert last["awards"][0]["value"] == {"amount": 90000, "currency": "COP"}
    assert last["contracts"][0]["milestones"][0]["status"] == "met"
    record = packages.record(f"ocds-govtch-{call.pk}", releases)
    assert record["compiledRelease"]["tender"]["amendments"][0]["rationale"] == "More time"


def test_repeating_an_event_writes_nothing_new(
    submitted_call: Call, approver: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        call_approve(call=submitted_call, actor=approver)
    count = Release.objects.count()
    ocds.ocds_release_record(call_id=submitted_call.pk, tag="tender")
    assert Release.objects.count() == count


@pytest.mark.parametrize("path", ["cancel", "unsuccessful"])
def test_cancelled_and_unsuccessful_paths_validate(
    path: str, submitted_call: Call, approver: Any, officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    call = submitted_call
    with django_capture_on_commit_callbacks(execute=True):
        call_approve(call=call, actor=approver)
    if path == "cancel":
        with django_capture_on_commit_callbacks(execute=True):
            call_cancel(call=call, actor=officer, reason="Budget withdrawn")
        expected = ["tenderCancellation"]
    else:
        with django_capture_on_commit_callbacks(execute=True):
            call_close(call=_past_deadline(call), actor=officer)
            call_start_evaluation(call=call, actor=officer)
        Decision.objects.create(
            call=call,
            outcome=Decision.Outcome.UNSUCCESSFUL,
            justification="No fit",
            decided_by=approver,
            decided_at=timezone.now(),
        )
        with django_capture_on_commit_callbacks(execute=True):
            call_declare_unsuccessful(call=call, actor=approver, reason="No fit")
        expected = ["tenderUpdate"]
    releases = _all_valid(f"ocds-govtch-{call.pk}")
    assert releases[-1]["tag"] == expected
    assert releases[-1]["tender"]["status"] == ("cancelled" if path == "cancel" else "unsuccessful")


def test_releases_cannot_be_changed_or_deleted(
    submitted_call: Call, approver: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        call_approve(call=submitted_call, actor=approver)
    release = Release.objects.last()
    assert release is not None
    for attempt in (
        lambda: Release.objects.filter(pk=release.pk).update(tags=["x"]),
        lambda: Release.objects.filter(pk=release.pk).delete(),
    ):
        with pytest.raises((InternalError, ProgrammingError, IntegrityError)), transaction.atomic():
            attempt()


def test_the_validator_reports_errors_with_their_json_path() -> None:
    problems = validate({"ocid": "x", "id": "1", "date": "yesterday", "tag": ["nonsense"], "initiationType": "tender"})
    paths = {p.path for p in problems}
    assert "$.date" in paths
    assert "$.tag[0]" in paths


def test_the_extended_schema_checks_the_declared_extensions_fields() -> None:
    release = {
        "ocid": "x",
        "id": "1",
        "date": "2026-01-01T00:00:00Z",
        "tag": ["award"],
        "initiationType": "tender",
        "awards": [{"id": "1", "relatedBid": 7, "budgetException": {"reason": 3}}],
        "bids": {"details": [{"status": "won"}]},
        "redFlags": {"url": ["not", "a", "string"]},
        "tender": {"id": "1", "eligibility": {"smesOnly": "yes"}},
    }
    assert validate(release, "release") == []  # the core schema lets any extra field through
    paths = {p.path for p in validate(release, "extended_release")}
    assert paths == {
        "$.awards[0].relatedBid",
        "$.awards[0].budgetException.reason",
        "$.bids.details[0]",
        "$.bids.details[0].status",
        "$.redFlags.url",
        "$.tender.eligibility.smesOnly",
    }
