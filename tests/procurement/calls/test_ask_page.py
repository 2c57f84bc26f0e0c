"""Asking a clarification question on the call's page: suppliers only, while questions are taken, never a 500."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from procurement.calls.models import Call, Question
from tests.procurement.factories import make_call

pytestmark = pytest.mark.django_db


def url(call: Call) -> str:
    return f"/en/opportunities/calls/{call.pk}/questions/"


def test_a_supplier_asks_and_sees_the_question_waiting(supplier_owner: Any, client_for: Any, public_body: Any) -> None:
    call = make_call(public_body, status=Call.Status.PUBLISHED)
    client = client_for(supplier_owner)
    page = client.get(f"/en/opportunities/calls/{call.pk}/").content.decode()
    assert 'name="text"' in page
    response = client.post(url(call), {"text": "  ¿Se aceptan consorcios?  "})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/calls/{call.pk}/#questions")
    question = Question.objects.get(call=call)
    assert (question.text, question.asked_by, question.status) == (
        "¿Se aceptan consorcios?",
        supplier_owner,
        Question.Status.PENDING,
    )
    page = client.get(f"/en/opportunities/calls/{call.pk}/").content.decode()
    assert "questions waiting for an answer" in page
    assert "¿Se aceptan consorcios?" in page
    # not public until answered
    assert "¿Se aceptan consorcios?" not in client_for(None).get(f"/en/opportunities/calls/{call.pk}/").content.decode()


@pytest.mark.parametrize("text", ["", "   ", "x" * 4001])
def test_bad_text_is_a_400_next_to_the_field(text: str, supplier_owner: Any, client_for: Any, public_body: Any) -> None:
    call = make_call(public_body, status=Call.Status.PUBLISHED)
    response = client_for(supplier_owner).post(url(call), {"text": text})
    assert response.status_code == 400
    assert 'id="id_text-error"' in response.content.decode()
    assert not Question.objects.exists()


def test_after_the_questions_deadline_the_form_is_gone_and_a_post_is_refused(
    supplier_owner: Any, client_for: Any, public_body: Any
) -> None:
    call = make_call(public_body, status=Call.Status.PUBLISHED)
    Call.objects.filter(pk=call.pk).update(questions_deadline=timezone.now() - datetime.timedelta(minutes=1))
    client = client_for(supplier_owner)
    assert 'name="text"' not in client.get(f"/en/opportunities/calls/{call.pk}/").content.decode()
    response = client.post(url(call), {"text": "¿Tarde?"})
    assert response.status_code == 400
    assert "The questions deadline has passed." in response.content.decode()
    assert not Question.objects.exists()


def test_only_suppliers_may_ask(officer: Any, client_for: Any, public_body: Any) -> None:
    call = make_call(public_body, status=Call.Status.PUBLISHED)
    client = client_for(officer)
    assert 'name="text"' not in client.get(f"/en/opportunities/calls/{call.pk}/").content.decode()
    assert client.post(url(call), {"text": "¿Puedo?"}).status_code == 403
    anonymous = client_for(None)
    assert "Sign in to ask a question" in anonymous.get(f"/en/opportunities/calls/{call.pk}/").content.decode()
    assert anonymous.post(url(call), {"text": "¿Puedo?"}).status_code == 302  # to the sign-in page
    assert anonymous.get(url(call)).status_code in {302, 405}
    assert not Question.objects.exists()


def test_a_draft_or_closed_call_takes_no_question(supplier_owner: Any, client_for: Any, public_body: Any) -> None:
    draft = make_call(public_body, status=Call.Status.DRAFT)
    closed = make_call(public_body, status=Call.Status.CLOSED)
    client = client_for(supplier_owner)
    assert client.post(url(draft), {"text": "¿?"}).status_code == 404
    assert client.post(url(closed), {"text": "¿Y ahora?"}).status_code == 409
    assert not Question.objects.exists()
