"""Work that waits reaches the person who must do it: a notification when it appears, a line on the
"needs you" page with a link that opens for them, the count in the header; nobody else sees it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from govtech.accounts.models import Membership
from govtech.accounts.navigation import roles_of
from govtech.notifications.kinds import Kind
from govtech.notifications.models import Notification
from govtech.notifications.waiting import providers, waiting_count, waiting_groups
from procurement.awards import services as awards
from procurement.awards.services import AwardLine
from procurement.bodies.models import PublicBody
from procurement.calls.models import Call
from procurement.calls.services import call_submit_for_approval
from procurement.evaluation.models import PanelMember
from recommendations.models import Recommendation
from recommendations.services.catalogue import recommendation_save_draft, recommendation_transition
from recommendations.services.loader import catalogue_load
from startups.models import Supplier
from startups.services import supplier_register
from tests.accounts.factories import MembershipFactory, PublicBodyOrganisationFactory, UserFactory
from tests.procurement.factories import (
    make_call,
    make_panel,
    pass_deadline,
    scored_call,
    second_supplier,
    verified_body,
)
from tests.startups.factories import SupplierFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def items_of(user: Any, key: str) -> list[Any]:
    return [item for group in waiting_groups(user) if group.key == key for item in group.items]


def assert_reaches(user: Any, key: str, others: list[Any], count: int = 1) -> None:
    """``user`` has ``count`` items of ``key``, counted in the header, each link opens for them;
    ``others`` see none of it."""
    items = items_of(user, key)
    assert len(items) == count, key
    assert waiting_count(user) >= count
    for someone in [user, *others]:  # the header's count leaves out providers by the roles held: never a task
        assert waiting_count(someone, held=roles_of(someone).held) == waiting_count(someone), someone
    client = Client()
    client.force_login(user)
    page = client.get("/es/inbox/needs-you/")
    assert page.status_code == 200
    html = page.content.decode()
    home = client.get("/es/inbox/").content.decode()
    assert "/es/inbox/needs-you/" in home  # the header's link and count
    assert "Requiere su acción" in home
    for item in items:
        assert item.url in html
        assert client.get(item.url).status_code == 200, item.url
    for other in others:
        assert items_of(other, key) == [], other


def told(user: Any, kind: str) -> Notification:
    return Notification.objects.get(recipient=user, kind=kind, channel=Notification.Channel.INBOX)


def test_every_app_registers_its_waiting_work() -> None:
    keys = {provider.key for provider in providers()}
    assert {
        "calls_to_approve",
        "decisions_to_take",
        "evaluations",
        "complaints",
        "suppliers_to_verify",
        "bodies_to_verify",
        "body_claims",
        "body_requests",
        "supplier_requests",
        "supplier_invitations",
        "recommendations_in_review",
    } <= keys


def test_a_call_sent_for_approval_reaches_the_bodys_approvers(
    public_body: Any, officer: Any, approver: Any, outsider: Any, admin: Any
) -> None:
    verified_body(public_body)
    call = make_call(public_body)
    call_submit_for_approval(call=call, actor=officer)
    assert told(approver, Kind.CALL_TO_APPROVE).context["person"] == str(officer)
    assert not Notification.objects.filter(recipient=officer, kind=Kind.CALL_TO_APPROVE).exists()
    assert_reaches(approver, "calls_to_approve", [officer, outsider, admin])


def test_a_scored_call_waits_for_its_approvers_decision(
    public_body: Any, approver: Any, evaluator: Any, supplier_org: Any, supplier_owner: Any, officer: Any
) -> None:
    call, _apps = scored_call(public_body, approver, evaluator, [(supplier_org, supplier_owner)], [(8, 6)])
    Call.objects.filter(pk=call.pk).update(status=Call.Status.IN_EVALUATION)
    PanelMember.objects.filter(panel__call=call).update(submitted_at=None)  # the factory hands the scores in
    assert items_of(approver, "decisions_to_take") == []  # the panel has not submitted yet
    PanelMember.objects.filter(panel__call=call).update(submitted_at=timezone.now())
    assert_reaches(approver, "decisions_to_take", [evaluator, officer, supplier_owner])


def test_an_evaluator_has_their_assignment_with_its_due_date(
    public_body: Any, approver: Any, evaluator: Any, officer: Any
) -> None:
    verified_body(public_body)
    call = pass_deadline(make_call(public_body, status=Call.Status.PUBLISHED))
    make_panel(call, evaluator, named_by=approver)
    assert_reaches(evaluator, "evaluations", [approver, officer])
    assert items_of(evaluator, "evaluations")[0].due == call.expected_decision


def test_a_complaint_reaches_the_bodys_officers_and_approvers(
    public_body: Any, approver: Any, evaluator: Any, officer: Any, supplier_org: Any, supplier_owner: Any
) -> None:
    other, other_user = second_supplier()
    call, apps = scored_call(
        public_body, approver, evaluator, [(supplier_org, supplier_owner), (other, other_user)], [(8, 6), (5, 9)]
    )
    awards.decision_take(
        call=call,
        actor=approver,
        outcome="awarded",
        justification="La mejor puntuación ponderada",
        awards=[AwardLine(apps[0].pk, "85000", "COP")],
    )
    awards.complaint_file(
        application=apps[1],
        actor=other_user,
        grounds="Mi precio era mejor",
        documents=[SimpleUploadedFile("prueba.pdf", PDF)],
    )
    for person in (officer, approver):
        assert told(person, Kind.COMPLAINT_RECEIVED).context["organisation"] == other.name
        assert_reaches(person, "complaints", [evaluator, supplier_owner, other_user])


def test_a_supplier_registering_reaches_the_administrators(admin: Any, outsider: Any) -> None:
    owner = UserFactory()
    supplier = supplier_register(actor=owner, legal_name="Ciudad Datos SAS", country="CO", identifier="900123456-8")
    assert supplier.verification_status == Supplier.Verification.PENDING
    assert told(admin, Kind.VERIFICATION_REQUESTED).context["organisation"] == "Ciudad Datos SAS"
    assert_reaches(admin, "suppliers_to_verify", [owner, outsider])
    home = Client()
    home.force_login(admin)
    assert "/es/inbox/needs-you/#suppliers_to_verify" in home.get("/es/").content.decode()


def test_a_proposed_body_and_a_claim_reach_the_administrators(admin: Any, officer: Any) -> None:
    proposed = PublicBodyOrganisationFactory(name="Alcaldía de Envigado")
    body = verified_body(proposed)
    PublicBody.objects.filter(pk=body.pk).update(verification_status=PublicBody.Verification.PENDING)
    assert_reaches(admin, "bodies_to_verify", [officer])
    imported = PublicBodyOrganisationFactory(name="Gobernación de Antioquia")
    claimed = verified_body(imported)
    PublicBody.objects.filter(pk=claimed.pk).update(imported=True, claimed=False)
    MembershipFactory(user=UserFactory(), organisation=imported, role="approver", status="requested")
    assert_reaches(admin, "body_claims", [officer])


def test_a_request_to_join_a_body_reaches_its_approvers(public_body: Any, approver: Any, officer: Any) -> None:
    verified_body(public_body)
    MembershipFactory(user=UserFactory(), organisation=public_body, role="officer", status="requested")
    assert_reaches(approver, "body_requests", [officer])


def test_a_request_to_join_a_supplier_reaches_its_owners(
    supplier_org: Any, supplier_owner: Any, supplier_member: Any
) -> None:
    SupplierFactory(organisation=supplier_org)
    MembershipFactory(user=UserFactory(), organisation=supplier_org, role="member", status="requested")
    assert_reaches(supplier_owner, "supplier_requests", [supplier_member])


def test_an_invitation_reaches_the_invitee(supplier_org: Any, supplier_owner: Any) -> None:
    SupplierFactory(organisation=supplier_org)
    invitee = UserFactory()
    MembershipFactory(
        user=invitee, organisation=supplier_org, role="member", status="invited", invited_by=supplier_owner
    )
    assert_reaches(invitee, "supplier_invitations", [supplier_owner])


def test_a_recommendation_in_review_reaches_the_publishers(publisher: Any, editor: Any, admin: Any) -> None:
    catalogue_load()
    recommendation = Recommendation.objects.with_content().get(slug="open-data-apis-and-sandboxes")
    recommendation_save_draft(
        actor=editor,
        recommendation=recommendation,
        content={**recommendation.latest_version.content, "tags": ["nuevo"]},
    )
    recommendation_transition(actor=editor, recommendation=recommendation, to=Recommendation.Status.IN_REVIEW)
    assert told(publisher, Kind.RECOMMENDATION_TO_REVIEW).context["person"] == str(editor)
    assert_reaches(publisher, "recommendations_in_review", [editor])


def test_the_count_is_one_query(
    django_assert_max_num_queries: Any, public_body: Any, approver: Any, admin: Any
) -> None:
    verified_body(public_body)
    make_call(public_body, status=Call.Status.IN_APPROVAL)
    SupplierFactory(verification_status=Supplier.Verification.PENDING)
    assert Membership.objects.filter(user=approver).exists()
    with django_assert_max_num_queries(1):  # every provider together, roles included
        assert waiting_count(approver) == 1
    with django_assert_max_num_queries(1):
        assert waiting_count(admin) == 1


def test_the_header_leaves_out_work_that_cannot_wait_for_the_person(supplier_owner: Any) -> None:
    """A supplier's owner holds no role in a public body: the header's count asks only for what may wait for
    them (a panel seat, requests to join, invitations), not for calls to approve or complaints to answer."""
    client = Client()
    client.force_login(supplier_owner)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/es/inbox/").status_code == 200
    counts = [q["sql"] for q in queries.captured_queries if '"waiting"' in q["sql"]]
    assert len(counts) == 1
    assert "procurement_call" in counts[0]  # the panel seats of calls in evaluation
    assert "awards_complaint" not in counts[0]
    assert "in_approval" not in counts[0]


def header_badge(client: Client) -> str:
    """The header's "needs you" count as read on the inbox page ("" when the header shows none)."""
    html = client.get("/es/inbox/").content.decode()
    found = re.search(r'portal-unread-badge">(\d+)<span class="govuk-visually-hidden"> tareas pendientes', html)
    return found.group(1) if found else ""


def test_the_header_count_is_kept_and_follows_the_persons_own_actions(
    django_assert_max_num_queries: Any, public_body: Any, approver: Any, officer: Any
) -> None:
    """The header's count is kept per person for a minute (building it was a fifth of a staff page, #19): a
    second page does not count again; what the person does themselves shows on the next page; work that others
    create for them shows on the "needs you" page at once and in the header within the minute."""
    verified_body(public_body)
    call = make_call(public_body, status=Call.Status.IN_APPROVAL)
    client = Client()
    client.force_login(approver)
    assert header_badge(client) == "1"
    with CaptureQueriesContext(connection) as queries:
        assert header_badge(client) == "1"
    assert not [q for q in queries.captured_queries if '"waiting"' in q["sql"]]  # kept, not counted again

    answer = client.post(f"/es/opportunities/manage/calls/{call.pk}/do/approve/")
    assert answer.status_code in (200, 302), answer.status_code
    call.refresh_from_db()
    assert call.status == Call.Status.PUBLISHED
    assert header_badge(client) == ""  # their own action: counted again on the next page

    second = make_call(public_body, status=Call.Status.DRAFT)
    call_submit_for_approval(call=second, actor=officer)  # someone else's action puts work before them
    assert header_badge(client) == ""  # kept for up to a minute...
    page = client.get("/es/inbox/needs-you/").content.decode()
    assert second.title in page  # ...but the list is always counted live,
    assert header_badge(client) == "1"  # and the header agrees with it from then on
