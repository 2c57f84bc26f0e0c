"""Drafting, eligibility, submission with receipts, withdrawal and resubmission, the deadline, the opening."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.db import IntegrityError
from django.test import override_settings
from django.utils import timezone, translation

from govtech.audit.models import AuditEvent
from govtech.core.errors import ApplicationError, InvalidTransition, NotAllowed
from govtech.notifications import delivery
from govtech.notifications.kinds import Kind
from govtech.notifications.models import Notification
from procurement.applications import lifecycle, services
from procurement.applications.eligibility import eligibility_reasons
from procurement.applications.models import Application, ApplicationPartner, CallOpening
from procurement.applications.receipts import canonical_json, manifest_digest, receipt_is_intact
from procurement.calls.models import Call
from startups.models import Supplier
from tests.procurement.applications.applications_helpers import complete_draft, eligible, open_call, pdf
from tests.procurement.factories import pass_deadline

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Any:
    """The messages these tests match are the English ones, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def call(public_body: Any) -> Call:
    return open_call(public_body)


@pytest.fixture
def draft(call: Call, supplier_org: Any, supplier_owner: Any) -> Application:
    eligible(supplier_org)
    return complete_draft(call, supplier_owner)


# --- lifecycle table -------------------------------------------------------------------

S = Application.Status
ALL = [s.value for s in S]


@pytest.mark.parametrize("source", ALL)
@pytest.mark.parametrize("target", ALL)
def test_the_transition_table_is_the_only_source_of_truth(source: str, target: str) -> None:
    allowed = {(S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.WITHDRAWN), (S.WITHDRAWN, S.SUBMITTED)}
    if (source, target) in allowed:
        assert lifecycle.APPLICATION.allows(source, target)
    elif source in (S.DRAFT, S.WITHDRAWN):
        assert not lifecycle.APPLICATION.allows(source, target)


# --- drafting --------------------------------------------------------------------------


def test_a_supplier_member_drafts_one_application_per_call(call, supplier_org, supplier_member):
    application = services.application_create(call=call, actor=supplier_member)
    assert (application.supplier, application.status, application.currency) == (supplier_org, S.DRAFT, "COP")
    assert AuditEvent.objects.filter(verb="application.create", target_id=str(application.pk)).exists()
    with pytest.raises(ApplicationError) as exc:
        services.application_create(call=call, actor=supplier_member)
    assert exc.value.field == "call"
    assert exc.value.status_code == 400
    assert Application.objects.filter(call=call).count() == 1


def test_the_unique_constraint_still_holds_under_a_race(call, supplier_org, supplier_owner):
    Application.objects.create(call=call, supplier=supplier_org, created_by=supplier_owner)
    with pytest.raises(IntegrityError):
        Application.objects.create(call=call, supplier=supplier_org, created_by=supplier_owner)


@pytest.mark.parametrize("who", ["officer", "outsider_other", "anonymous"])
def test_only_a_member_of_the_supplier_drafts_for_it(who, call, supplier_org, officer, outsider, anonymous):
    actor = {"officer": officer, "outsider_other": outsider, "anonymous": anonymous}[who]
    with pytest.raises(ApplicationError):
        services.application_create(call=call, actor=actor, supplier=supplier_org)
    assert not Application.objects.exists()


def test_a_draft_call_takes_no_application(public_body, supplier_owner):
    from tests.procurement.factories import make_call

    with pytest.raises(InvalidTransition):
        services.application_create(call=make_call(public_body), actor=supplier_owner)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("criteria_responses", {"no such criterion": "x"}),
        ("milestones", [{"name": "", "month": 3}]),
        ("milestones", [{"name": "x", "month": 500}]),
        ("phase_prices", [{"phase": "not a phase", "price": "1"}]),
        ("price", "-1"),
        ("price", "abc"),
        ("currency", "EURO"),
        ("partners", [{"organisation": 999999, "role": "x"}]),
        ("title", "x" * 201),
    ],
)
def test_bad_content_is_refused_by_field_and_nothing_changes(draft, supplier_owner, field, value):
    before = Application.objects.values().get(pk=draft.pk)
    with pytest.raises(ApplicationError) as exc:
        services.application_update(application=draft, actor=supplier_owner, **{field: value})
    assert exc.value.field == field
    assert Application.objects.values().get(pk=draft.pk) == before


def test_partners_are_other_registered_suppliers_with_their_role(
    draft, supplier_owner, other_supplier_org, supplier_org
):
    services.application_update(
        application=draft, actor=supplier_owner, partners=[{"organisation": other_supplier_org.pk, "role": "Datos"}]
    )
    assert [(p.organisation, p.role) for p in draft.partners.all()] == [(other_supplier_org, "Datos")]
    with pytest.raises(ApplicationError):
        services.application_update(
            application=draft, actor=supplier_owner, partners=[{"organisation": supplier_org.pk, "role": "lead twice"}]
        )


def test_a_partner_member_reads_but_does_not_edit(draft, supplier_owner, other_supplier_org, outsider):
    services.application_update(
        application=draft, actor=supplier_owner, partners=[{"organisation": other_supplier_org.pk, "role": "Datos"}]
    )
    assert list(Application.objects.visible_to(outsider)) == []  # not before the partner's owner accepts
    partner = ApplicationPartner.objects.get(application=draft)
    services.application_partner_respond(actor=outsider, partner=partner, accept=True)  # outsider owns it
    assert list(Application.objects.visible_to(outsider)) == [draft]
    with pytest.raises(NotAllowed):
        services.application_update(application=draft, actor=outsider, title="Mine now")


# --- files -----------------------------------------------------------------------------


def test_a_file_is_checked_by_content_and_stored_under_a_safe_name(draft, supplier_owner):
    item = services.application_file_add(
        application=draft, actor=supplier_owner, upload=pdf("../../etc/pass\u202ewd.exe.pdf")
    )
    assert item.content_type == "application/pdf"
    assert item.name == "passwd.exe.pdf"
    assert "/" not in item.name
    assert "\u202e" not in item.name
    assert item.file.name.startswith("applications/")
    assert f"application-{draft.pk}-" in item.file.name
    assert len(item.sha256) == 64


def test_a_disguised_file_is_refused(draft, supplier_owner):
    with pytest.raises(ApplicationError) as exc:
        services.application_file_add(
            application=draft, actor=supplier_owner, upload=pdf("informe.pdf", b"MZ\x90\x00 not a pdf at all")
        )
    assert exc.value.field == "file"
    assert not draft.files.exists()


def test_the_limits_per_file_and_per_application_are_settings(draft, supplier_owner):
    with override_settings(APPLICATION_FILE_MAX_BYTES=10), pytest.raises(ApplicationError, match="too big"):
        services.application_file_add(application=draft, actor=supplier_owner, upload=pdf())
    with override_settings(APPLICATION_TOTAL_MAX_BYTES=80):
        services.application_file_add(application=draft, actor=supplier_owner, upload=pdf())
        with pytest.raises(ApplicationError, match="in all"):
            services.application_file_add(application=draft, actor=supplier_owner, upload=pdf())
    assert draft.files.count() == 1


# --- eligibility -----------------------------------------------------------------------


def test_an_eligible_supplier_has_no_reason(call, supplier_org):
    eligible(supplier_org)
    assert eligibility_reasons(call, supplier_org) == []


def test_eligibility_says_why_in_words(public_body, supplier_org):
    eligible(
        supplier_org,
        employees=900,
        size_class=Supplier.SizeClass.LARGE,
        year_founded=1990,
        verification_status=Supplier.Verification.PENDING,
        country="CO",
    )
    call = open_call(
        public_body,
        smes_only=True,
        startups_only=True,
        verified_suppliers_only=True,
        eligible_countries=["BR", "PT"],
        consortia_allowed=False,
    )
    with translation.override("en"):
        reasons = eligibility_reasons(call, supplier_org, partners=1)
    assert "This call is open to SMEs; your organisation is registered as large." in reasons
    assert any(r.startswith("This call is open to startups") for r in reasons)
    assert any("verified" in r for r in reasons)
    assert any("registered in BR, PT; your organisation is registered in CO" in r for r in reasons)
    assert any("consortia" in r for r in reasons)


def test_without_a_registry_profile_the_reason_says_so(call, supplier_org):
    with translation.override("en"):
        assert eligibility_reasons(call, supplier_org) == [
            "Your organisation has no supplier profile in the registry yet; complete it before applying."
        ]


def test_submission_checks_eligibility(public_body, supplier_org, supplier_owner):
    eligible(supplier_org, size_class=Supplier.SizeClass.LARGE)
    call = open_call(public_body, smes_only=True)
    application = complete_draft(call, supplier_owner)
    with translation.override("en"), pytest.raises(ApplicationError, match="registered as large") as exc:
        services.application_submit(application=application, actor=supplier_owner)
    assert exc.value.extra["reasons"]
    assert not application.receipts.exists()
    assert Application.objects.get(pk=application.pk).status == S.DRAFT


# --- submission, receipts, withdrawal --------------------------------------------------


def test_submission_gives_a_receipt_whose_digest_is_the_manifest_hash(draft, supplier_owner):
    item = services.application_file_add(application=draft, actor=supplier_owner, upload=pdf())
    receipt = services.application_submit(application=draft, actor=supplier_owner)
    draft.refresh_from_db()
    assert (draft.status, draft.submission_number, receipt.number) == (S.SUBMITTED, 1, 1)
    assert receipt.digest == manifest_digest(receipt.manifest)
    assert receipt_is_intact(receipt)
    files = receipt.manifest["content"]["files"]
    assert files == [
        {
            "name": item.name,
            "kind": "other",
            "size": item.size,
            "sha256": item.sha256,
            "content_type": "application/pdf",
        }
    ]
    assert json.loads(canonical_json(receipt.manifest)) == receipt.manifest
    assert AuditEvent.objects.filter(verb="application.submit", target_id=str(draft.pk)).exists()


def test_an_incomplete_application_is_refused_with_the_field(call, supplier_org, supplier_owner):
    eligible(supplier_org)
    application = services.application_create(call=call, actor=supplier_owner)
    with pytest.raises(ApplicationError) as exc:
        services.application_submit(application=application, actor=supplier_owner)
    assert exc.value.field == "title"
    assert not application.receipts.exists()


def test_withdraw_edit_and_resubmit_until_the_deadline(draft, supplier_owner):
    first = services.application_submit(application=draft, actor=supplier_owner)
    with pytest.raises(InvalidTransition):
        services.application_update(application=draft, actor=supplier_owner, title="Changed while submitted")
    with pytest.raises(InvalidTransition):
        services.application_submit(application=draft, actor=supplier_owner)
    services.application_withdraw(application=draft, actor=supplier_owner)
    assert Application.objects.count_submitted(draft.call) == 0
    services.application_update(application=draft, actor=supplier_owner, title="Segunda versión")
    second = services.application_submit(application=draft, actor=supplier_owner)
    assert (second.number, draft.submission_number) == (2, 2)
    assert second.digest != first.digest
    verbs = list(AuditEvent.objects.filter(target_id=str(draft.pk)).values_list("verb", flat=True))
    assert {"application.create", "application.submit", "application.withdraw", "application.resubmit"} <= set(verbs)


def test_one_second_after_the_deadline_the_message_says_when_it_passed(draft, supplier_owner):
    Call.objects.filter(pk=draft.call_id).update(submission_deadline=timezone.now() - datetime.timedelta(seconds=1))
    draft.refresh_from_db()
    with translation.override("en"), pytest.raises(ApplicationError) as exc:
        services.application_submit(application=draft, actor=supplier_owner)
    assert exc.value.message.startswith("The deadline passed at ")
    assert "(America/Bogota)" in exc.value.message
    assert Application.objects.get(pk=draft.pk).status == S.DRAFT


def test_no_withdrawal_after_the_deadline(draft, supplier_owner):
    services.application_submit(application=draft, actor=supplier_owner)
    pass_deadline(draft.call)
    with pytest.raises(ApplicationError, match="deadline"):
        services.application_withdraw(application=draft, actor=supplier_owner)
    assert Application.objects.count_submitted(draft.call) == 1


def test_the_receipt_is_e_mailed_through_smtp(draft, supplier_owner, smtp_server):
    receipt = services.application_submit(application=draft, actor=supplier_owner)
    row = Notification.objects.get(recipient=supplier_owner, kind=Kind.SUBMISSION_RECEIPT, channel="email")
    delivery.deliver("email", [row.pk])
    [message] = smtp_server.wait_for(1)
    assert message["To"] == supplier_owner.email
    text = message.get_body(preferencelist=("plain",)).get_content()
    receipt.application.refresh_from_db()
    assert receipt.application.reference in text  # the short reference, not the 64-character digest
    assert f"/applications/{draft.pk}/" in text


# --- the opening -----------------------------------------------------------------------


def test_the_opening_is_for_the_bodys_officers_after_the_deadline_once(
    draft, supplier_owner, officer, approver, admin, evaluator
):
    services.application_submit(application=draft, actor=supplier_owner)
    call = draft.call
    with pytest.raises(ApplicationError, match="after the deadline"):
        services.applications_open(call=call, actor=officer)
    pass_deadline(call)
    for refused in (admin, evaluator, supplier_owner):
        with pytest.raises(NotAllowed):
            services.applications_open(call=call, actor=refused)
    assert not Application.objects.visible_to(officer).exists()
    opening = services.applications_open(call=call, actor=approver, declare=True)
    assert (opening.submitted_count, opening.opened_by) == (1, approver)
    assert AuditEvent.objects.filter(verb="call.applications_open", target_id=str(call.pk)).exists()
    with pytest.raises(InvalidTransition):
        services.applications_open(call=call, actor=officer)
    assert CallOpening.objects.count() == 1
    assert list(Application.objects.visible_to(officer)) == [draft]


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_once_give_one_receipt(public_body, supplier_org, supplier_owner, supplier_member):
    import threading

    from django.db import connection

    eligible(supplier_org)
    application = complete_draft(open_call(public_body), supplier_owner)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit(actor: Any) -> None:
        try:
            barrier.wait()
            services.application_submit(application=Application.objects.get(pk=application.pk), actor=actor)
            outcomes.append("ok")
        except InvalidTransition:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(user,)) for user in (supplier_owner, supplier_member)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["ok", "refused"]
    assert list(application.receipts.values_list("number", flat=True)) == [1]
