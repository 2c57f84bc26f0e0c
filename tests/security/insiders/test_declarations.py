"""Issue 21, "conflicts of interest for every role that touches the outcome": the opener, the decider, whoever
answers a complaint and the evaluators. Each is tried by the insider who would bend it, through the service, the API
and the page: a person who was a member of a supplier (or of an applicant) in the last 24 months is refused even
after leaving it, everyone else must sign a declaration first, and the refusal of the opener names no supplier."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from govtech.accounts.history import membership_history_record
from govtech.accounts.models import Membership, MembershipEvent
from govtech.audit.models import AuditEvent
from govtech.core.errors import ApplicationError, NotAllowed
from procurement import conflicts
from procurement.applications import services as applications
from procurement.applications.models import CallOpening, OutcomeDeclaration
from procurement.awards import services as awards
from procurement.awards.models import Complaint, Decision
from procurement.awards.services import AwardLine
from procurement.evaluation import services as evaluation
from startups.services.team import membership_admin_remove
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.procurement.factories import (
    make_application,
    pass_deadline,
    published_call,
    scored_call,
    second_supplier,
)

pytestmark = pytest.mark.django_db
Role = OutcomeDeclaration.Role


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _rule(response: Any) -> str:
    return str(response.json()["error"].get("rule"))


def _former_member(user: Any, organisation: Any, admin: Any, months_ago: int) -> None:
    """``user`` was an active member of ``organisation`` and left ``months_ago`` months ago (the history says so)."""
    membership = MembershipFactory(user=user, organisation=organisation, role=Membership.Role.MEMBER)
    membership_history_record(membership=membership, event=MembershipEvent.Event.JOINED, actor=None)
    membership_admin_remove(actor=admin, membership=membership, reason="Se fue")
    when = timezone.now() - datetime.timedelta(days=30 * months_ago)
    MembershipEvent.objects.filter(membership=membership).update(at=when)


# --- the opener ------------------------------------------------------------------------


@pytest.fixture
def closed(public_body: Any, supplier_org: Any, supplier_owner: Any) -> Any:
    call = published_call(public_body)
    make_application(call, supplier_org, by=supplier_owner)
    return pass_deadline(call)


def test_the_opener_signs_a_declaration_first(closed: Any, officer: Any, client_for: Any) -> None:
    # service: refused without the declaration, nothing stored
    with pytest.raises(NotAllowed) as refused:
        applications.applications_open(call=closed, actor=officer)
    assert refused.value.extra["rule"] == "declaration_required"
    # API: 403 naming the rule and giving the text to sign (which names no applicant: they are sealed)
    api = _api(officer).post(f"/api/v1/calls/{closed.pk}/applications/open/", HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 403, api.content
    assert _rule(api) == "declaration_required"
    assert "member of any supplier organisation" in api.json()["error"]["message"]
    assert "Datos Abiertos" not in api.json()["error"]["message"]
    # page: the declaration is shown beside the button, and the button without the tick is refused
    page = client_for(officer).get(f"/en/applications/calls/{closed.pk}/received/")
    assert "I sign this conflict-of-interest declaration" in page.content.decode()
    refused_page = client_for(officer).post(f"/en/applications/calls/{closed.pk}/open/")
    assert refused_page.status_code == 403
    assert not CallOpening.objects.filter(call=closed).exists()
    assert not OutcomeDeclaration.objects.exists()
    # signed and opened in one step on the page; the declaration is stored and audited
    done = client_for(officer).post(f"/en/applications/calls/{closed.pk}/open/", {"declaration": "on"})
    assert done.status_code == 302
    declaration = OutcomeDeclaration.objects.get(call=closed, user=officer, role=Role.OPENING)
    assert "24 months" in declaration.statement
    assert AuditEvent.objects.filter(verb="conflict.declare", target_id=str(declaration.pk)).exists()
    assert CallOpening.objects.filter(call=closed, opened_by=officer).exists()


def test_a_former_supplier_member_cannot_open_even_after_leaving(
    closed: Any, public_body: Any, other_supplier_org: Any, admin: Any, supplier_org: Any
) -> None:
    insider = MembershipFactory(user=UserFactory(), organisation=public_body, role=Membership.Role.OFFICER).user
    _former_member(insider, other_supplier_org, admin, months_ago=6)  # left half a year ago, not an applicant
    for attempt in (
        lambda: applications.applications_open(call=closed, actor=insider, declare=True),
        lambda: conflicts.outcome_declaration_sign(call=closed, actor=insider, role=Role.OPENING),
    ):
        with pytest.raises(NotAllowed) as refused:
            attempt()
        assert refused.value.extra["rule"] == "conflict_of_interest"
        assert supplier_org.name not in refused.value.message
        assert other_supplier_org.name not in refused.value.message
    api = _api(insider).post(f"/api/v1/calls/{closed.pk}/applications/open/", {"declaration": True}, format="json")
    assert api.status_code == 403
    assert _rule(api) == "conflict_of_interest"
    assert not OutcomeDeclaration.objects.exists()
    assert not CallOpening.objects.filter(call=closed).exists()


def test_a_supplier_membership_older_than_24_months_does_not_refuse(
    closed: Any, public_body: Any, other_supplier_org: Any, admin: Any
) -> None:
    officer = MembershipFactory(user=UserFactory(), organisation=public_body, role=Membership.Role.OFFICER).user
    _former_member(officer, other_supplier_org, admin, months_ago=30)
    opening = applications.applications_open(call=closed, actor=officer, declare=True)
    assert opening.opened_by == officer


# --- the decider and whoever answers a complaint -------------------------------------------


@pytest.fixture
def evaluated(public_body: Any, approver: Any, evaluator: Any, supplier_org: Any, supplier_owner: Any) -> Any:
    other, other_user = second_supplier()
    call, apps = scored_call(
        public_body, approver, evaluator, [(supplier_org, supplier_owner), (other, other_user)], [(8, 6), (5, 9)]
    )
    OutcomeDeclaration.objects.filter(call=call).delete()  # the factory's shortcut: here they sign for real
    return call, apps, other_user


def _decide_body(first: Any, **extra: Any) -> dict[str, Any]:
    return {
        "outcome": "awarded",
        "justification": "Mejor puntaje",
        "awards": [{"application": first.pk, "amount": "85000", "currency": "COP"}],
    } | extra


def test_the_decider_signs_a_declaration_first(evaluated: Any, approver: Any, client_for: Any) -> None:
    call, (first, _second), _other = evaluated
    with pytest.raises(NotAllowed) as refused:
        awards.decision_take(
            call=call,
            actor=approver,
            outcome="awarded",
            justification="x",
            awards=[AwardLine(first.pk, "85000", "COP")],
        )
    assert refused.value.extra["rule"] == "declaration_required"
    api = _api(approver).post("/api/v1/decisions/", _decide_body(first, call=call.pk), format="json")
    assert api.status_code == 403, api.content
    assert _rule(api) == "declaration_required"
    assert first.supplier.name in api.json()["error"]["message"]  # after the opening the text names the applicants
    page = client_for(approver).get(f"/en/awards/calls/{call.pk}/decide/").content.decode()
    assert "I sign this conflict-of-interest declaration" in page
    form = {"outcome": "awarded", "justification": "x", f"award_{first.pk}": "on", f"amount_{first.pk}": "85000"}
    assert client_for(approver).post(f"/en/awards/calls/{call.pk}/decide/", form).status_code == 403
    assert not Decision.objects.filter(call=call).exists()
    done = client_for(approver).post(
        f"/en/awards/calls/{call.pk}/decide/", form | {f"currency_{first.pk}": "COP", "declaration": "on"}
    )
    assert done.status_code == 302, done.content.decode()[:2000]
    assert OutcomeDeclaration.objects.filter(call=call, user=approver, role=Role.DECIDING).exists()
    assert Decision.objects.filter(call=call).count() == 1


def test_a_former_member_of_an_applicant_cannot_decide_nor_declare(
    evaluated: Any, public_body: Any, supplier_org: Any, admin: Any, client_for: Any
) -> None:
    call, (first, _second), _other = evaluated
    insider = MembershipFactory(user=UserFactory(), organisation=public_body, role=Membership.Role.APPROVER).user
    _former_member(insider, supplier_org, admin, months_ago=11)  # left the applicant before the call
    with pytest.raises(NotAllowed):
        conflicts.outcome_declaration_sign(call=call, actor=insider, role=Role.DECIDING)
    api = _api(insider).post("/api/v1/decisions/", _decide_body(first, call=call.pk, declaration=True), format="json")
    assert api.status_code == 403
    assert _rule(api) == "conflict_of_interest"
    assert not Decision.objects.filter(call=call).exists()
    assert not OutcomeDeclaration.objects.filter(user=insider).exists()


def test_whoever_answers_a_complaint_signs_first_and_a_former_member_is_refused(
    evaluated: Any, approver: Any, officer: Any, public_body: Any, supplier_org: Any, admin: Any, client_for: Any
) -> None:
    call, (first, second), other_user = evaluated
    decision = awards.decision_take(
        call=call,
        actor=approver,
        outcome="awarded",
        justification="Mejor puntaje",
        awards=[AwardLine(first.pk, "85000", "COP")],
        declare=True,
    )
    complaint = awards.complaint_file(application=second, actor=other_user, grounds="Mi precio era mejor")
    # the officer without a declaration: service, API and page refuse; the page shows the text to sign
    with pytest.raises(NotAllowed):
        awards.complaint_answer(complaint=complaint, actor=officer, uphold=False, response="No")
    api = _api(officer).post(
        f"/api/v1/complaints/{complaint.pk}/answer/", {"answer": "reject", "response": "No"}, format="json"
    )
    assert api.status_code == 403
    assert _rule(api) == "declaration_required"
    url = f"/en/awards/complaints/{complaint.pk}/"
    assert "I sign this conflict-of-interest declaration" in client_for(officer).get(url).content.decode()
    assert client_for(officer).post(url, {"answer": "reject", "response": "No"}).status_code == 403
    # a former member of the applicant (as an officer of the body) is refused even with the tick
    insider = MembershipFactory(user=UserFactory(), organisation=public_body, role=Membership.Role.OFFICER).user
    _former_member(insider, supplier_org, admin, months_ago=3)
    refused = client_for(insider).post(url, {"answer": "uphold", "response": "Sí", "declaration": "on"})
    assert refused.status_code == 403
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.FILED
    # the officer signs and answers
    assert client_for(officer).post(url, {"answer": "reject", "response": "No", "declaration": "on"}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.REJECTED
    assert OutcomeDeclaration.objects.filter(call=call, user=officer, role=Role.COMPLAINT).exists()
    assert decision.annulled_at is None


def test_declarations_are_read_only_in_the_admin(closed: Any, officer: Any, admin: Any, client_for: Any) -> None:
    applications.applications_open(call=closed, actor=officer, declare=True)
    declaration = OutcomeDeclaration.objects.get()
    signed = declaration.statement
    client = client_for(admin)
    assert client.get(reverse("admin:applications_outcomedeclaration_changelist")).status_code == 200
    change = client.post(
        reverse("admin:applications_outcomedeclaration_change", args=[declaration.pk]), {"statement": "otra"}
    )
    assert change.status_code == 403
    delete = client.post(
        reverse("admin:applications_outcomedeclaration_delete", args=[declaration.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    declaration.refresh_from_db()
    assert declaration.statement == signed


# --- the evaluators: the 24-month history ----------------------------------------------


def test_a_former_member_of_an_applicant_cannot_sit_on_the_panel(
    evaluated: Any, public_body: Any, supplier_org: Any, approver: Any, admin: Any
) -> None:
    call, _apps, _other = evaluated
    insider = MembershipFactory(user=UserFactory(), organisation=public_body, role=Membership.Role.EVALUATOR).user
    _former_member(insider, supplier_org, admin, months_ago=8)  # no longer a member today
    with pytest.raises(ApplicationError) as refused:
        evaluation.panel_member_add(call=call, user=insider, actor=approver)
    assert supplier_org.name in refused.value.message


# --- every approver conflicted: the decision waits ------------------------------------------


def test_when_every_approver_is_conflicted_the_decision_waits_and_the_page_says_so(
    evaluated: Any, approver: Any, public_body: Any, supplier_org: Any, admin: Any, client_for: Any
) -> None:
    call, (first, _second), _other = evaluated
    _former_member(approver, supplier_org, admin, months_ago=5)  # the body's only approver was in an applicant
    assert conflicts.all_approvers_conflicted(call)
    page = client_for(approver).get(f"/en/awards/calls/{call.pk}/decide/").content.decode()
    assert "the decision waits until the body has an approver who is not" in page
    api = _api(approver).post("/api/v1/decisions/", _decide_body(first, call=call.pk, declaration=True), format="json")
    assert api.status_code == 403
    assert _rule(api) == "conflict_of_interest"
    # the site administrator cannot step in: site roles hold no body's powers
    assert _api(admin).post(
        "/api/v1/decisions/", _decide_body(first, call=call.pk, declaration=True), format="json"
    ).status_code in (403, 404)
    assert not Decision.objects.filter(call=call).exists()
    # the body gains an approver who is not conflicted: the wait ends, and they decide after signing
    fresh = MembershipFactory(user=UserFactory(), organisation=public_body, role=Membership.Role.APPROVER).user
    assert not conflicts.all_approvers_conflicted(call)
    assert "the decision waits" not in client_for(fresh).get(f"/en/awards/calls/{call.pk}/decide/").content.decode()
    done = _api(fresh).post("/api/v1/decisions/", _decide_body(first, call=call.pk, declaration=True), format="json")
    assert done.status_code == 201, done.content
