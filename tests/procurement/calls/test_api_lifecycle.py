"""Every lifecycle step of the API, with the personas allowed and refused; PATCH of drafts; Q&A answers."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from govtech.audit.models import AuditEvent
from procurement.calls.models import Call, CallFollow, Question
from procurement.challenges.models import Challenge
from tests.procurement.factories import make_call, make_challenge, verified_body


def _client(user: Any) -> APIClient:
    client = APIClient()
    if getattr(user, "is_authenticated", False):
        client.force_authenticate(user)
    return client


@pytest.fixture(autouse=True)
def _verified(public_body: Any) -> None:
    verified_body(public_body)


S = Call.Status
# action, starting status, status after, who may, a refused insider, body
STEPS = [
    ("submit", S.DRAFT, S.IN_APPROVAL, "officer", "evaluator", {}),
    ("return-to-draft", S.IN_APPROVAL, S.DRAFT, "approver", "officer", {"reason": "Fix the budget"}),
    ("approve", S.IN_APPROVAL, S.PUBLISHED, "approver", "officer", {}),
    ("close", S.PUBLISHED, S.CLOSED, "officer", "evaluator", {}),
    ("cancel", S.PUBLISHED, S.CANCELLED, "officer", "evaluator", {"reason": "Budget withdrawn"}),
    ("start-evaluation", S.CLOSED, S.IN_EVALUATION, "officer", "evaluator", {}),
    ("declare-unsuccessful", S.IN_EVALUATION, S.UNSUCCESSFUL, "approver", "officer", {"reason": "No fit"}),
]


@pytest.mark.parametrize(("action", "start", "end", "allowed", "refused", "body"), STEPS)
def test_each_lifecycle_endpoint_moves_the_call_for_the_right_persona_only(
    action: str, start: str, end: str, allowed: str, refused: str, body: dict[str, str], persona: Any, public_body: Any
) -> None:
    call = make_call(public_body, status=start)
    if action == "close":  # the deadline holds: only a call whose deadline passed is closed
        Call.objects.filter(pk=call.pk).update(submission_deadline=timezone.now() - datetime.timedelta(minutes=1))
    url = f"/api/v1/calls/{call.pk}/{action}/"
    denied = _client(persona(refused)).post(url, body, format="json")
    assert denied.status_code == 403, denied.content
    assert denied.json()["error"]["status"] == 403
    assert _client(persona("supplier_owner")).post(url, body, format="json").status_code in {403, 404}
    assert _client(persona("anonymous")).post(url, body, format="json").status_code == 401
    done = _client(persona(allowed)).post(url, body, format="json")
    assert done.status_code == 200, done.content
    assert done.json()["status"] == end
    assert AuditEvent.objects.filter(verb=f"call.{end}").exists()
    again = _client(persona(allowed)).post(url, body, format="json")
    assert again.status_code in {404, 409}  # an illegal transition now (or a draft no one outside sees)


def test_an_illegal_transition_is_a_409_in_the_error_shape(approver: Any, public_body: Any) -> None:
    call = make_call(public_body, status=S.DRAFT)
    response = _client(approver).post(f"/api/v1/calls/{call.pk}/start-evaluation/")
    assert response.status_code == 409
    assert response.json()["error"]["code"]


def test_cancel_needs_a_public_reason(officer: Any, public_body: Any) -> None:
    call = make_call(public_body, status=S.PUBLISHED)
    response = _client(officer).post(f"/api/v1/calls/{call.pk}/cancel/", {"reason": " "}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()["error"]["fields"]


def test_officers_patch_drafts_with_field_errors(officer: Any, public_body: Any) -> None:
    call = make_call(public_body)
    url = f"/api/v1/calls/{call.pk}/"
    ok = _client(officer).patch(url, {"title": "Nuevo título", "cpv_codes": ["72000000"]}, format="json")
    assert ok.status_code == 200, ok.content
    call.refresh_from_db()
    assert (call.title, call.cpv_codes) == ("Nuevo título", ["72000000"])
    bad = _client(officer).patch(url, {"criteria": [{"name": "a", "weight": 10}]}, format="json")
    assert bad.status_code == 400
    assert "criteria" in bad.json()["error"]["fields"]
    bad_cpv = _client(officer).patch(url, {"cpv_codes": ["nope"]}, format="json")
    assert bad_cpv.status_code == 400
    late = _client(officer).patch(url, {"submission_deadline": "2001-01-01T00:00:00Z"}, format="json")
    assert late.status_code == 400


@pytest.mark.parametrize(
    ("name", "expected"), [("evaluator", 403), ("supplier_owner", 404), ("outsider", 404), ("anonymous", 401)]
)
def test_others_cannot_patch_a_draft(name: str, expected: int, persona: Any, public_body: Any) -> None:
    call = make_call(public_body, title="Original")
    response = _client(persona(name)).patch(f"/api/v1/calls/{call.pk}/", {"title": "Hacked"}, format="json")
    assert response.status_code == expected
    call.refresh_from_db()
    assert call.title == "Original"


def test_a_published_call_is_amended_not_patched(officer: Any, public_body: Any, supplier_owner: Any) -> None:
    call = make_call(public_body, status=S.PUBLISHED)
    assert _client(officer).patch(f"/api/v1/calls/{call.pk}/", {"title": "x"}, format="json").status_code == 409
    later = (call.submission_deadline + datetime.timedelta(days=7)).isoformat()
    url = f"/api/v1/calls/{call.pk}/amendments/"
    made = _client(officer).post(url, {"reason": "More time", "submission_deadline": later}, format="json")
    assert made.status_code == 201, made.content
    assert made.json()["number"] == 1
    earlier = (call.submission_deadline - datetime.timedelta(days=1)).isoformat()
    refused = _client(officer).post(url, {"reason": "Less", "submission_deadline": earlier}, format="json")
    assert refused.status_code == 400
    assert "submission_deadline" in refused.json()["error"]["fields"]
    assert _client(supplier_owner).post(url, {"reason": "x", "summary": "y"}, format="json").status_code == 403
    listed = _client(None).get(url)
    assert [a["reason"] for a in listed.json()["results"]] == ["More time"]


def test_follow_and_unfollow(supplier_owner: Any, public_body: Any) -> None:
    call = make_call(public_body, status=S.PUBLISHED)
    client = _client(supplier_owner)
    assert client.post(f"/api/v1/calls/{call.pk}/follow/").json() == {"following": True}
    assert CallFollow.objects.filter(call=call, user=supplier_owner).exists()
    assert client.post(f"/api/v1/calls/{call.pk}/unfollow/").json() == {"following": False}
    assert not CallFollow.objects.filter(call=call).exists()
    assert _client(None).post(f"/api/v1/calls/{call.pk}/follow/").status_code == 401


def _asked(call: Call, supplier_owner: Any, text: str = "¿Consorcios?") -> int:
    response = _client(supplier_owner).post(f"/api/v1/calls/{call.pk}/questions/", {"text": text}, format="json")
    assert response.status_code == 201, response.content
    return int(response.json()["id"])


def test_officers_answer_and_reject_questions(officer: Any, supplier_owner: Any, public_body: Any) -> None:
    call = make_call(public_body, status=S.PUBLISHED)
    first, second = _asked(call, supplier_owner), _asked(call, supplier_owner, "¿Demo gratis?")
    assert _client(None).get(f"/api/v1/calls/{call.pk}/questions/").json()["results"] == []
    assert _client(officer).get(f"/api/v1/calls/{call.pk}/questions/").json()["count"] == 2  # officers see pending ones
    answered = _client(officer).post(
        f"/api/v1/calls/{call.pk}/questions/{first}/answer/", {"answer": "Sí"}, format="json"
    )
    assert answered.status_code == 200, answered.content
    assert answered.json()["status"] == Question.Status.ANSWERED
    rejected = _client(officer).post(
        f"/api/v1/calls/{call.pk}/questions/{second}/reject/", {"answer": "Fuera"}, format="json"
    )
    assert rejected.json()["status"] == Question.Status.REJECTED
    public = _client(None).get(f"/api/v1/calls/{call.pk}/questions/").json()["results"]
    assert [q["answer"] for q in public] == ["Sí", "Fuera"]
    twice = _client(officer).post(
        f"/api/v1/calls/{call.pk}/questions/{first}/answer/", {"answer": "Otra"}, format="json"
    )
    assert twice.status_code == 409


@pytest.mark.parametrize(("name", "expected"), [("supplier_owner", 403), ("evaluator", 403), ("anonymous", 401)])
def test_only_officers_answer(name: str, expected: int, persona: Any, supplier_owner: Any, public_body: Any) -> None:
    call = make_call(public_body, status=S.PUBLISHED)
    qid = _asked(call, supplier_owner)
    response = _client(persona(name)).post(
        f"/api/v1/calls/{call.pk}/questions/{qid}/answer/", {"answer": "x"}, format="json"
    )
    assert response.status_code == expected
    assert Question.objects.get(pk=qid).status == Question.Status.PENDING


def test_a_question_of_another_call_is_a_404(officer: Any, supplier_owner: Any, public_body: Any) -> None:
    call, other = make_call(public_body, status=S.PUBLISHED), make_call(public_body, status=S.PUBLISHED)
    qid = _asked(other, supplier_owner)
    url = f"/api/v1/calls/{call.pk}/questions/{qid}/answer/"
    assert _client(officer).post(url, {"answer": "x"}, format="json").status_code == 404


def test_questions_close_at_the_questions_deadline(supplier_owner: Any, public_body: Any) -> None:
    call = make_call(public_body, status=S.PUBLISHED)
    Call.objects.filter(pk=call.pk).update(questions_deadline=timezone.now() - datetime.timedelta(minutes=1))
    response = _client(supplier_owner).post(f"/api/v1/calls/{call.pk}/questions/", {"text": "¿?"}, format="json")
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("action", "start", "end"), [("publish", "draft", "published"), ("close", "published", "closed")]
)
def test_challenge_publish_and_close(
    action: str, start: str, end: str, officer: Any, outsider: Any, supplier_owner: Any, public_body: Any
) -> None:
    challenge = make_challenge(public_body, status=start)
    url = f"/api/v1/challenges/{challenge.pk}/{action}/"
    assert _client(outsider).post(url).status_code == (404 if start == "draft" else 403)
    response = _client(officer).post(url)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == end
    assert Challenge.objects.get(pk=challenge.pk).status == end
    assert _client(officer).post(url).status_code == 409


@pytest.mark.parametrize("action", ["declare-unsuccessful"])
def test_a_call_with_applications_is_decided_only_on_its_decision_page(
    approver: Any, public_body: Any, supplier_org: Any, supplier_owner: Any, action: str
) -> None:
    from tests.procurement.factories import make_application

    call = make_call(public_body, status=S.IN_EVALUATION)
    make_application(call, supplier_org, by=supplier_owner)
    response = _client(approver).post(
        f"/api/v1/calls/{call.pk}/{action}/", {"reason": "No fit"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409
    assert "decision page" in response.json()["error"]["message"]
    call.refresh_from_db()
    assert call.status == S.IN_EVALUATION
