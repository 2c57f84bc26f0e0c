"""Insiders against the seal (issue 21, findings 3, 7 and 8), each tried through the HTTP API and the pages by
the persona who tried it on the old main: staff learning who applied or how many before the deadline, open data
keeping an annulled award active, and a sealed receipt reaching a competitor's webhook."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.utils import translation

from govtech.audit.models import AuditEvent
from govtech.notifications.kinds import Kind
from govtech.notifications.models import Notification, WebhookDelivery
from govtech.notifications.services import notification_emit
from procurement.awards import services as awards
from procurement.awards.services import AwardLine
from procurement.ocds.build import ocid_for
from tests.accounts.factories import MembershipFactory
from tests.notifications.factories import WebhookSubscriptionFactory
from tests.procurement.applications.applications_helpers import complete_draft, eligible, open_call
from tests.procurement.factories import end_standstill, open_applications, pass_deadline, scored_call, second_supplier
from tests.procurement.ocds.test_publication import _all_valid
from tests.security.insiders.insider_world import IDENTITY, InsiderWorld, build_insider_world

pytestmark = pytest.mark.django_db


# --- finding 7: open data tells the truth ------------------------------------------------------------------


def _record(client: Any, call_id: int) -> dict[str, Any]:
    response = client.get(f"/api/v1/ocds/records/{ocid_for(call_id)}/")
    assert response.status_code == 200
    return response.json()["records"][0]


def test_an_upheld_complaint_cancels_the_annulled_award_in_open_data(
    public_body: Any,
    approver: Any,
    evaluator: Any,
    officer: Any,
    supplier_org: Any,
    supplier_owner: Any,
    client_for: Any,
    anonymous: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    other, other_user = second_supplier()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        call, (first, second) = scored_call(
            public_body, approver, evaluator, [(supplier_org, supplier_owner), (other, other_user)], [(8, 6), (5, 9)]
        )
        annulled = awards.decision_take(
            call=call,
            actor=approver,
            outcome="awarded",
            justification="Best weighted score",
            awards=[AwardLine(first.pk, "85000", "COP")],
        )
    public = client_for(anonymous)
    assert [a["status"] for a in _record(public, call.pk)["compiledRelease"]["awards"]] == ["active"]
    complaint = awards.complaint_file(application=second, actor=other_user, grounds="Mi precio era mejor")
    with django_capture_on_commit_callbacks(execute=True):
        answered = client_for(officer).post(
            f"/api/v1/complaints/{complaint.pk}/answer/",
            {"answer": "uphold", "response": "Se revisará el precio", "declaration": True},
            content_type="application/json",
        )
    assert answered.status_code == 200, answered.content
    record = _record(public, call.pk)
    compiled = record["compiledRelease"]
    assert [(a["id"], a["status"]) for a in compiled["awards"]] == [(str(annulled.awards.get().pk), "cancelled")]
    assert compiled["tender"]["status"] == "active"  # back in evaluation, not complete
    assert any("awardCancellation" in release["tag"] for release in record["releases"])

    end_standstill(annulled)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        second_decision = awards.decision_take(
            call=call,
            actor=approver,
            outcome="awarded",
            justification="Best price after review",
            awards=[AwardLine(second.pk, "80000", "COP")],
        )
    compiled = _record(public, call.pk)["compiledRelease"]
    statuses = {a["id"]: a["status"] for a in compiled["awards"]}
    assert statuses == {str(annulled.awards.get().pk): "cancelled", str(second_decision.awards.get().pk): "active"}
    assert compiled["tender"]["status"] == "complete"
    _all_valid(ocid_for(call.pk))  # every release, the packages and the compiled record, against the schema


# --- finding 8: scoped fan-out -----------------------------------------------------------------------------


def test_a_sealed_receipt_reaches_only_the_applicants_webhooks_not_a_competitor_sharing_a_member(
    public_body: Any,
    supplier_org: Any,
    supplier_owner: Any,
    other_supplier_org: Any,
    outsider: Any,
    client_for: Any,
) -> None:
    """One person owns the applicant and also belongs to a competitor, whose owner watches its webhook."""
    MembershipFactory(user=supplier_owner, organisation=other_supplier_org, role="member")
    ours = WebhookSubscriptionFactory(owner_user=None, owner_organisation=supplier_org, kinds=[Kind.SUBMISSION_RECEIPT])
    theirs = WebhookSubscriptionFactory(
        owner_user=None, owner_organisation=other_supplier_org, kinds=[Kind.SUBMISSION_RECEIPT]
    )
    eligible(supplier_org)
    application = complete_draft(open_call(public_body), supplier_owner, supplier=supplier_org)
    submitted = client_for(supplier_owner).post(f"/api/v1/applications/{application.pk}/submit/")
    assert submitted.status_code in (200, 201), submitted.content

    competitor = client_for(outsider).get(f"/api/v1/notifications/webhooks/{theirs.pk}/deliveries/")
    assert competitor.status_code == 200
    assert competitor.json()["count"] == 0
    assert application.title not in json.dumps(competitor.json())
    assert WebhookDelivery.objects.filter(subscription=theirs).count() == 0
    mine = client_for(supplier_owner).get(f"/api/v1/notifications/webhooks/{ours.pk}/deliveries/").json()
    assert [row["kind"] for row in mine["results"]] == [Kind.SUBMISSION_RECEIPT]
    # the receipt itself told only the applicant's members
    told = set(Notification.objects.filter(kind=Kind.SUBMISSION_RECEIPT).values_list("recipient_id", flat=True))
    assert told == {supplier_owner.pk}
    assert not Notification.objects.filter(kind=Kind.SUBMISSION_RECEIPT, recipient=outsider).exists()


def test_an_unscoped_event_about_an_organisations_work_reaches_no_organisations_webhook(
    supplier_org: Any, supplier_owner: Any
) -> None:
    hook = WebhookSubscriptionFactory(owner_user=None, owner_organisation=supplier_org, kinds=[Kind.OUTCOME])
    context = {"title": "Semáforos", "outcome": "adjudicada"}
    notification_emit(
        kind=Kind.OUTCOME, recipients=[supplier_owner], event_key="decision:1:outcome:1", context=context, url="/es/"
    )
    assert not WebhookDelivery.objects.filter(subscription=hook).exists()
    notification_emit(
        kind=Kind.OUTCOME,
        recipients=[supplier_owner],
        event_key="decision:1:outcome:2",
        context=context,
        url="/es/",
        organisation_ids=[supplier_org.pk],
    )
    assert WebhookDelivery.objects.filter(subscription=hook).count() == 1


# --- finding 3: who applied, and how many, before the deadline -------------------------------------------------


@pytest.fixture
def sealed_world(persona: Any, officer: Any, approver: Any, evaluator: Any, admin: Any) -> InsiderWorld:
    return build_insider_world(admin, officer.memberships.get().organisation)


def test_the_officer_learns_no_count_before_the_deadline(sealed_world: InsiderWorld, officer: Any, client_for: Any):
    call = sealed_world.call
    client = client_for(officer)
    api = client.get(f"/api/v1/calls/{call.pk}/applications/").json()
    assert (api["submitted_count"], api["applications"]) == (None, [])
    page = client.get(f"/en/applications/calls/{call.pk}/received/").content.decode()
    assert 'id="submitted-count">Sealed until the deadline</dd>' in page
    assert not Notification.objects.filter(recipient=officer).exclude(kind=Kind.NEW_CALL).exists()
    assert "new_application" not in Kind.values


@pytest.mark.parametrize("name", ["admin", "auditor"])
def test_the_audit_trail_masks_sealed_applications_until_the_opening(
    name: str, sealed_world: InsiderWorld, persona: Any, approver: Any, client_for: Any
):
    reader = client_for(persona(name))
    event = sealed_world.submit_event
    row = reader.get(f"/api/v1/audit-events/{event.pk}/").json()
    first = sealed_world.applications[0]
    assert row["sealed"] is True
    assert (row["actor"], row["actor_id"], row["organisation_id"], row["before"], row["after"]) == (
        "sealed",
        None,
        None,
        {},
        {},
    )
    assert row["target_repr"] == f"applications.application #{first.pk}"
    by_org = reader.get(f"/api/v1/audit-events/?organisation={first.supplier_id}").json()
    assert by_org["count"] == 0
    page = reader.get(f"/en/audit/{event.pk}/").content.decode()
    assert "Sealed until the opening" in page
    assert first.supplier.name not in page
    csv_text = b"".join(reader.get("/en/audit/export.csv").streaming_content).decode("utf-8-sig")
    assert not [word for word in IDENTITY if word in csv_text]
    # the stored row is whole, and every reader sees it once the applications are opened
    assert AuditEvent.objects.get(pk=event.pk).organisation_id == first.supplier_id
    pass_deadline(sealed_world.call)
    open_applications(sealed_world.call, approver)
    row = reader.get(f"/api/v1/audit-events/{event.pk}/").json()
    assert row["sealed"] is False
    assert row["organisation_id"] == first.supplier_id
    assert row["target_repr"] == f"{first.title} ({first.supplier.name})"


def test_the_django_admin_lists_no_receipt_of_sealed_work(sealed_world: InsiderWorld, admin: Any, client_for: Any):
    client = client_for(admin)
    for url in ("/en/admin/notifications/notification/", "/en/admin/notifications/webhookdelivery/"):
        listing = client.get(url).content.decode()
        assert not [word for word in IDENTITY if word in listing], url
    assert (
        client.get(f"/en/admin/notifications/notification/{sealed_world.receipt_notification.pk}/change/", follow=True)
        .content.decode()
        .count("duena@postulante-uno.co")
        == 0
    )


def test_no_audit_row_stores_an_applicants_name_title_or_e_mail(sealed_world: InsiderWorld):
    stored = json.dumps(list(AuditEvent.objects.values("target_repr", "before", "after")), ensure_ascii=False)
    assert not [word for word in IDENTITY if word in stored]
