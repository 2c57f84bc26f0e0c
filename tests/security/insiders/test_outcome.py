"""Issue 21, findings 2, 4, 5 and 6 (four eyes), each tried through the API and the pages by the insider who tried
it on the old main, and refused now with a 4xx naming the rule; nothing stored changes."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from govtech.accounts.models import Membership
from procurement.applications.models import CallOpening
from procurement.awards.models import Award, Decision
from procurement.calls.models import Call
from procurement.calls.services import call_create, call_submit_for_approval
from procurement.evaluation.models import PanelMember
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.procurement.factories import (
    call_data,
    make_application,
    pass_deadline,
    published_call,
    scored_call,
    second_supplier,
    verified_body,
)

S = Call.Status


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _rule(response: Any) -> str:
    return str(response.json()["error"].get("rule") or response.json()["error"])


# --- finding 2: the deadline holds -----------------------------------------------------


def test_2_an_officer_cannot_close_a_call_before_its_deadline(
    officer: Any, public_body: Any, supplier_org: Any, supplier_owner: Any, client_for: Any
) -> None:
    call = published_call(public_body)
    make_application(call, supplier_org, by=supplier_owner)
    api = _api(officer).post(f"/api/v1/calls/{call.pk}/close/", HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 409, api.content
    assert "deadline holds" in api.json()["error"]["message"]
    page = client_for(officer).post(f"/en/opportunities/manage/calls/{call.pk}/do/close/")
    assert page.status_code == 409
    assert "deadline holds" in page.content.decode()
    manage = client_for(officer).get(f"/en/opportunities/manage/calls/{call.pk}/").content.decode()
    assert "Close for submissions" not in manage
    assert "Cancel the call" in manage
    call.refresh_from_db()
    assert (call.status, call.closed_at) == (S.PUBLISHED, None)
    # ending it early is a cancellation with a public reason, shown on the call page
    done = _api(officer).post(f"/api/v1/calls/{call.pk}/cancel/", {"reason": "Budget withdrawn"}, format="json")
    assert done.status_code == 200
    assert "Budget withdrawn" in client_for(supplier_owner).get(f"/en/opportunities/calls/{call.pk}/").content.decode()


# --- finding 6 (four eyes): the creator approving their own call -------------------------


def test_6_the_creator_of_a_call_cannot_approve_it(public_body: Any, client_for: Any) -> None:
    verified_body(public_body)
    boss = MembershipFactory(user=UserFactory(), organisation=public_body, role=Membership.Role.APPROVER).user
    call = call_submit_for_approval(call=call_create(body=public_body, actor=boss, **call_data()), actor=boss)
    api = _api(boss).post(f"/api/v1/calls/{call.pk}/approve/", HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 403
    assert "Four eyes" in api.json()["error"]["message"]
    page = client_for(boss).post(f"/en/opportunities/manage/calls/{call.pk}/do/approve/")
    assert page.status_code == 403
    assert "Four eyes" in page.content.decode()
    call.refresh_from_db()
    assert (call.status, call.approved_by_id) == (S.IN_APPROVAL, None)


# --- findings 4 and 5: who decides, on what ------------------------------------------------


@pytest.fixture
def evaluated(public_body: Any, approver: Any, evaluator: Any, supplier_org: Any, supplier_owner: Any) -> Any:
    other, other_user = second_supplier()
    call, apps = scored_call(
        public_body,
        approver,
        evaluator,
        [(supplier_org, supplier_owner), (other, other_user)],
        [(8, 6), (5, 9)],
        budget=100000,
        currency="COP",
    )
    return call, apps


def _decide(user: Any, call: Call, application_id: int, amount: str, currency: str = "COP") -> Any:
    body = {
        "call": call.pk,
        "outcome": "awarded",
        "justification": "Best score",
        "awards": [{"application": application_id, "amount": amount, "currency": currency}],
    }
    return _api(user).post("/api/v1/decisions/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")


def test_4_an_approver_who_joined_an_applicant_cannot_decide(
    evaluated: Any, public_body: Any, supplier_org: Any, client_for: Any
) -> None:
    call, (first, _second) = evaluated
    insider = MembershipFactory(user=UserFactory(), organisation=public_body, role=Membership.Role.APPROVER).user
    MembershipFactory(user=insider, organisation=supplier_org, role=Membership.Role.MEMBER)
    response = _decide(insider, call, first.pk, "85000")
    assert response.status_code == 403, response.content
    assert "Conflict of interest" in response.json()["error"]["message"]
    page = client_for(insider).post(
        f"/en/awards/calls/{call.pk}/decide/",
        {"outcome": "awarded", "justification": "x", f"award_{first.pk}": "on", f"amount_{first.pk}": "85000"},
    )
    assert page.status_code == 403
    assert not Decision.objects.filter(call=call).exists()


def test_4_a_supplier_member_cannot_open_the_applications(
    public_body: Any, supplier_org: Any, supplier_owner: Any, other_supplier_org: Any
) -> None:
    call = published_call(public_body)
    make_application(call, supplier_org, by=supplier_owner)
    pass_deadline(call)
    insider = MembershipFactory(user=UserFactory(), organisation=public_body, role=Membership.Role.OFFICER).user
    MembershipFactory(user=insider, organisation=other_supplier_org, role=Membership.Role.MEMBER)  # not an applicant
    response = _api(insider).post(f"/api/v1/calls/{call.pk}/applications/open/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    message = response.json()["error"]["message"]
    assert "Conflict of interest" in message
    assert supplier_org.name not in message
    assert other_supplier_org.name not in message
    assert not CallOpening.objects.filter(call=call).exists()


def test_5_a_decision_without_evaluation_is_refused(
    public_body: Any, approver: Any, supplier_org: Any, supplier_owner: Any, officer: Any
) -> None:
    call = published_call(public_body, phases=[], instrument=Call.Instrument.PILOT)
    application = make_application(call, supplier_org, by=supplier_owner)
    pass_deadline(call)
    CallOpening.objects.create(call=call, opened_by=officer, opened_at=timezone.now(), submitted_count=1)
    response = _decide(approver, call, application.pk, "85000")
    assert response.status_code == 400, response.content
    assert "completed evaluation" in response.json()["error"]["message"]
    assert not Decision.objects.filter(call=call).exists()


def test_5_the_only_evaluator_cannot_decide(evaluated: Any, public_body: Any, evaluator: Any) -> None:
    call, (first, _second) = evaluated
    MembershipFactory(user=evaluator, organisation=public_body, role=Membership.Role.APPROVER)
    response = _decide(evaluator, call, first.pk, "85000")
    assert response.status_code == 403, response.content
    assert "only evaluator" in response.json()["error"]["message"]


def test_5_an_unbounded_award_is_refused(evaluated: Any, approver: Any) -> None:
    call, (first, _second) = evaluated
    huge = _decide(approver, call, first.pk, "999999999999.99", "USD")
    assert huge.status_code == 400, huge.content
    over_price = _decide(approver, call, first.pk, "999999999999.99")
    assert over_price.status_code == 400
    assert "more than its price" in over_price.json()["error"]["message"]
    assert not Decision.objects.filter(call=call).exists()
    assert not Award.objects.exists()
    fine = _decide(approver, call, first.pk, "85000")
    assert fine.status_code == 201, fine.content


def test_5_an_incomplete_evaluation_is_refused(evaluated: Any, approver: Any) -> None:
    call, (first, _second) = evaluated
    PanelMember.objects.filter(panel__call=call).update(submitted_at=None)
    response = _decide(approver, call, first.pk, "85000")
    assert response.status_code == 400
    assert "completed evaluation" in response.json()["error"]["message"]
