from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from procurement.calls.models import Call
from tests.procurement.factories import call_data, make_call, verified_body


def _client(user: Any) -> APIClient:
    client = APIClient()
    if getattr(user, "is_authenticated", False):
        client.force_authenticate(user)
    return client


def test_it_lists_published_calls_with_pinned_queries(public_body: Any, django_assert_max_num_queries: Any) -> None:
    for _ in range(3):
        make_call(public_body, status=Call.Status.PUBLISHED)
    make_call(public_body)
    with django_assert_max_num_queries(3):
        response = _client(None).get("/api/v1/calls/")
    assert response.status_code == 200
    assert response.json()["count"] == 3


@pytest.mark.parametrize(
    ("name", "expected"), [("officer", 201), ("supplier_owner", 403), ("outsider", 403), ("anonymous", 401)]
)
def test_it_lets_only_officers_create_calls(name: str, expected: int, persona: Any, public_body: Any) -> None:
    verified_body(public_body)  # only officers of a verified body create anything in its name
    data = call_data()
    payload = {k: (str(v) if not isinstance(v, list) else v) for k, v in data.items()}
    payload["body"] = public_body.pk
    response = _client(persona(name)).post("/api/v1/calls/", payload, format="json")
    assert response.status_code == expected, response.content


def test_it_returns_field_errors_for_bad_weights(officer: Any, public_body: Any) -> None:
    payload = {k: (str(v) if not isinstance(v, list) else v) for k, v in call_data().items()}
    payload |= {"body": public_body.pk, "criteria": [{"name": "a", "weight": 10}]}
    response = _client(officer).post("/api/v1/calls/", payload, format="json")
    assert response.status_code == 400
    assert "criteria" in response.json()["error"]["fields"]


def test_it_publishes_through_the_api_only_for_approvers(officer: Any, approver: Any, public_body: Any) -> None:
    verified_body(public_body)
    call = make_call(public_body, status=Call.Status.IN_APPROVAL)
    assert _client(officer).post(f"/api/v1/calls/{call.pk}/approve/").status_code == 403
    assert _client(approver).post(f"/api/v1/calls/{call.pk}/approve/").status_code == 200
    assert _client(approver).post(f"/api/v1/calls/{call.pk}/approve/").status_code == 409
    assert _client(approver).post(f"/api/v1/calls/{call.pk}/publish/").status_code == 404  # one action, one endpoint


def test_it_hides_drafts_from_outsiders(outsider: Any, public_body: Any) -> None:
    call = make_call(public_body)
    assert _client(outsider).get(f"/api/v1/calls/{call.pk}/").status_code == 404
    assert _client(outsider).post(f"/api/v1/calls/{call.pk}/approve/").status_code == 404
