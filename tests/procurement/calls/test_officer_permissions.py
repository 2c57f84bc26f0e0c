"""Who may open and use the officer pages: every persona, and officers of another body."""

from __future__ import annotations

from typing import Any

import pytest

from govtech.accounts.models import Membership
from procurement.calls.models import Call
from procurement.challenges.models import Challenge
from tests.accounts.factories import MembershipFactory, PublicBodyOrganisationFactory, UserFactory
from tests.conftest import PERSONAS
from tests.procurement.factories import make_call, verified_body

ACTS = {"officer", "approver"}  # officer roles in the body (site roles, admin included, give none)
MEMBERS = ACTS | {"evaluator"}  # see the body's drafts


def _expected(name: str, allowed: set[str], hidden: int) -> int:
    if name == "anonymous":
        return 302
    return 200 if name in allowed else hidden


@pytest.mark.parametrize("name", PERSONAS)
def test_only_officers_open_the_workspace_and_the_forms(
    name: str, persona: Any, client_for: Any, public_body: Any
) -> None:
    client = client_for(persona(name))
    assert client.get("/en/opportunities/manage/").status_code == _expected(name, ACTS, 403)
    new = f"/en/opportunities/manage/bodies/{public_body.pk}/challenges/new/"
    assert client.get(new).status_code == _expected(name, ACTS, 403)
    new_call = f"/en/opportunities/manage/bodies/{public_body.pk}/calls/new/"
    assert client.get(new_call).status_code == _expected(name, ACTS, 403)


@pytest.mark.parametrize("name", PERSONAS)
def test_a_draft_call_is_managed_by_officers_and_hidden_from_outsiders(
    name: str, persona: Any, client_for: Any, public_body: Any
) -> None:
    client = client_for(persona(name))
    draft = make_call(public_body)
    # members (and administrators, who oversee drafts) see the draft but may not act on it
    hidden = 403 if name in ("evaluator", "admin") else 404
    assert client.get(f"/en/opportunities/manage/calls/{draft.pk}/").status_code == _expected(name, ACTS, hidden)
    assert client.get(f"/en/opportunities/manage/calls/{draft.pk}/edit/").status_code == _expected(name, ACTS, hidden)
    response = client.post(f"/en/opportunities/manage/calls/{draft.pk}/do/submit/")
    assert response.status_code == (302 if name in ACTS or name == "anonymous" else hidden)
    draft.refresh_from_db()
    assert (draft.status == Call.Status.IN_APPROVAL) == (name in ACTS)


@pytest.mark.parametrize("name", PERSONAS)
def test_a_published_call_is_seen_by_all_but_acted_on_by_officers(
    name: str, persona: Any, client_for: Any, public_body: Any
) -> None:
    client = client_for(persona(name))
    call = make_call(public_body, status=Call.Status.PUBLISHED)
    assert client.get(f"/en/opportunities/manage/calls/{call.pk}/").status_code == _expected(name, ACTS, 403)
    early = client.post(f"/en/opportunities/manage/calls/{call.pk}/do/close/")  # the deadline holds, for all
    assert early.status_code == (409 if name in ACTS else 302 if name == "anonymous" else 403)
    call.refresh_from_db()
    assert call.status == Call.Status.PUBLISHED
    response = client.post(f"/en/opportunities/manage/calls/{call.pk}/do/cancel/", {"reason": "Budget withdrawn"})
    assert response.status_code == (302 if name in ACTS or name == "anonymous" else 403)
    call.refresh_from_db()
    assert (call.status == Call.Status.CANCELLED) == (name in ACTS)


@pytest.mark.parametrize("name", PERSONAS)
def test_draft_challenges_are_hidden_outside_the_body(
    name: str, persona: Any, client_for: Any, public_body: Any
) -> None:
    client = client_for(persona(name))
    draft = Challenge.objects.create(body=public_body, title="Borrador", problem="Secreto")
    hidden = 403 if name in ("evaluator", "admin") else 404  # administrators oversee drafts, act on none
    assert client.get(f"/en/opportunities/manage/challenges/{draft.pk}/").status_code == _expected(name, ACTS, hidden)
    response = client.post(f"/en/opportunities/manage/challenges/{draft.pk}/do/publish/")
    assert response.status_code in ({302, 400} if name in ACTS or name == "anonymous" else {hidden})
    draft.refresh_from_db()
    assert draft.status == Challenge.Status.DRAFT  # the body is not verified: nothing is published in its name


def test_an_officer_of_another_body_cannot_touch_ours(public_body: Any, client_for: Any) -> None:
    other = PublicBodyOrganisationFactory()
    stranger = MembershipFactory(user=UserFactory(), organisation=other, role=Membership.Role.OFFICER).user
    client = client_for(stranger)
    draft = make_call(public_body)
    published = make_call(public_body, status=Call.Status.PUBLISHED)
    assert client.get(f"/en/opportunities/manage/calls/{draft.pk}/").status_code == 404
    assert client.get(f"/en/opportunities/manage/calls/{published.pk}/").status_code == 403
    assert client.post(f"/en/opportunities/manage/calls/{published.pk}/do/cancel/", {"reason": "x"}).status_code == 403
    assert client.get(f"/en/opportunities/manage/bodies/{public_body.pk}/calls/new/").status_code == 403
    assert client.get("/en/opportunities/manage/").status_code == 200


def test_only_allowed_transitions_are_offered(public_body: Any, officer: Any, approver: Any, client_for: Any) -> None:
    verified_body(public_body)
    call = make_call(public_body, status=Call.Status.IN_APPROVAL)
    officer_page = client_for(officer).get(f"/en/opportunities/manage/calls/{call.pk}/").content.decode()
    approver_page = client_for(approver).get(f"/en/opportunities/manage/calls/{call.pk}/").content.decode()
    assert "Approve and publish" not in officer_page
    assert "Return to draft" not in officer_page
    assert "Approve and publish" in approver_page
    assert "Return to draft" in approver_page
    assert "Submit for approval" not in approver_page
    assert "Close for submissions" not in approver_page
    assert "Cancel the call" in officer_page


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Call.Status.DRAFT, "approve"),
        (Call.Status.DRAFT, "close"),
        (Call.Status.PUBLISHED, "submit"),
        (Call.Status.AWARDED, "cancel"),
        (Call.Status.CLOSED, "unsuccessful"),
        (Call.Status.CANCELLED, "start_evaluation"),
    ],
)
def test_a_refused_transition_shows_the_error_never_a_500(
    public_body: Any, approver: Any, client_for: Any, status: str, action: str
) -> None:
    verified_body(public_body)
    call = make_call(public_body, status=status)
    response = client_for(approver).post(f"/en/opportunities/manage/calls/{call.pk}/do/{action}/", {"reason": "r"})
    assert response.status_code == 409
    assert "A call cannot go from" in response.content.decode()
    call.refresh_from_db()
    assert call.status == status


def test_unknown_actions_are_a_400(public_body: Any, officer: Any, client_for: Any) -> None:
    call = make_call(public_body)
    assert client_for(officer).post(f"/en/opportunities/manage/calls/{call.pk}/do/explode/").status_code == 400


def test_return_to_draft_and_cancel_need_a_reason(public_body: Any, approver: Any, client_for: Any) -> None:
    verified_body(public_body)
    call = make_call(public_body, status=Call.Status.IN_APPROVAL)
    client = client_for(approver)
    response = client.post(f"/en/opportunities/manage/calls/{call.pk}/do/return/", {"reason": " "})
    assert response.status_code == 400
    assert "Tell the officers what to change." in response.content.decode()
    assert client.post(f"/en/opportunities/manage/calls/{call.pk}/do/return/", {"reason": "Budget"}).status_code == 302
    call.refresh_from_db()
    assert call.status == Call.Status.DRAFT
    response = client.post(f"/en/opportunities/manage/calls/{call.pk}/do/cancel/", {"reason": ""})
    assert response.status_code == 400
    assert "Give the public a reason" in response.content.decode()
    client.post(f"/en/opportunities/manage/calls/{call.pk}/do/cancel/", {"reason": "Sin presupuesto"})
    call.refresh_from_db()
    assert call.status == Call.Status.CANCELLED
    assert call.cancel_reason == "Sin presupuesto"
