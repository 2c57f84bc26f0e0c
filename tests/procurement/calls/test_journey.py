from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.utils import timezone

from govtech.core.errors import ApplicationError, NotAllowed
from procurement.bodies.models import PublicBody
from procurement.calls.models import Call, Question
from procurement.calls.services import (
    call_amend,
    call_approve,
    call_create,
    call_follow,
    call_submit_for_approval,
    question_answer,
    question_ask,
)
from procurement.challenges.models import Challenge
from procurement.challenges.services import challenge_create, challenge_transition
from procurement.tasks import close_due_calls
from tests.procurement.factories import call_data, make_call, verified_body


def test_it_runs_the_whole_journey_and_closes_the_call_by_itself(
    public_body: Any, officer: Any, approver: Any, supplier_owner: Any
) -> None:
    verified_body(public_body)
    challenge = challenge_create(body=public_body, actor=officer, title="Congestión", problem="Tráfico")
    challenge_transition(challenge=challenge, to=Challenge.Status.PUBLISHED, actor=officer)
    call = call_create(body=public_body, actor=officer, challenge=challenge, **call_data())
    call_submit_for_approval(call=call, actor=officer)
    with pytest.raises(NotAllowed):
        call_approve(call=call, actor=officer)
    call_approve(call=call, actor=approver)
    assert call.status == Call.Status.PUBLISHED
    question = question_ask(call=call, actor=supplier_owner, text="¿Se aceptan consorcios?")
    question_answer(question=question, actor=officer, answer="Sí.")
    assert question.status == Question.Status.ANSWERED
    later = call.submission_deadline + datetime.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):  # time travel past the deadline
        assert close_due_calls() == [call.pk]
        assert close_due_calls() == []
    call.refresh_from_db()
    assert call.status == Call.Status.CLOSED


def test_it_publishes_nothing_for_an_unverified_body(public_body: Any, officer: Any, approver: Any) -> None:
    verified_body(public_body)
    call = call_create(body=public_body, actor=officer, **call_data())
    call_submit_for_approval(call=call, actor=officer)
    PublicBody.objects.filter(organisation=public_body).update(verification_status=PublicBody.Verification.PENDING)
    with pytest.raises(ApplicationError):
        call_approve(call=call, actor=approver)
    assert call_create(body=public_body, actor=officer, **call_data()).status == Call.Status.DRAFT


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"currency": "XYZ"}, "currency"),
        ({"criteria": [{"name": "a", "weight": 50}]}, "criteria"),
        ({"submission_deadline": timezone.now() - datetime.timedelta(days=1)}, "submission_deadline"),
        ({"instrument": Call.Instrument.CPSI, "currency": "BRL", "budget": Decimal("2000000"), "phases": []}, "budget"),
    ],
)
def test_it_refuses_bad_input_with_a_field(
    public_body: Any, officer: Any, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(ApplicationError) as info:
        call_create(body=public_body, actor=officer, **call_data(**overrides))
    assert info.value.field == field
    assert not Call.objects.exists()


def test_it_refuses_questions_deadline_after_submission(public_body: Any, officer: Any) -> None:
    data = call_data()
    data["questions_deadline"] = data["submission_deadline"] + datetime.timedelta(days=1)
    with pytest.raises(ApplicationError) as info:
        call_create(body=public_body, actor=officer, **data)
    assert info.value.field == "questions_deadline"


def test_it_never_moves_a_published_deadline_earlier(public_body: Any, officer: Any, supplier_owner: Any) -> None:
    call = make_call(public_body, status=Call.Status.PUBLISHED)
    call_follow(call=call, actor=supplier_owner)
    with pytest.raises(ApplicationError):
        call_amend(
            call=call,
            actor=officer,
            reason="r",
            submission_deadline=call.submission_deadline - datetime.timedelta(days=1),
        )
    amendment = call_amend(
        call=call,
        actor=officer,
        reason="Más tiempo",
        submission_deadline=call.submission_deadline + datetime.timedelta(days=5),
    )
    assert amendment.number == 1


def test_it_refuses_outsiders_and_suppliers_creating_calls(
    public_body: Any, outsider: Any, supplier_owner: Any
) -> None:
    for user in (outsider, supplier_owner):
        with pytest.raises(NotAllowed):
            call_create(body=public_body, actor=user, **call_data())
