"""Issue 21, finding 5's second half: an award over the budget needs a reasoned exception, and the exception and its
reason are published where the award is: the public award list, the API and the OCDS release (in the award's
description and in the documented extension field ``awards[].budgetException``). The approver who would award over
budget quietly is the insider."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from procurement.awards.models import Decision
from procurement.ocds.build import ocid_for
from tests.procurement.factories import scored_call, second_supplier
from tests.procurement.ocds.test_publication import _all_valid

pytestmark = pytest.mark.django_db

REASON = "Única oferta que cumple la norma técnica; el mayor valor se cubre con la reserva del programa"


@pytest.fixture
def over_budget(public_body: Any, approver: Any, evaluator: Any, supplier_org: Any, supplier_owner: Any) -> Any:
    """A call whose budget (50 000 COP) is below the best application's price (90 000 COP)."""
    other, other_user = second_supplier()
    call, apps = scored_call(
        public_body,
        approver,
        evaluator,
        [(supplier_org, supplier_owner), (other, other_user)],
        [(8, 6), (5, 9)],
        budget=50000,
        currency="COP",
    )
    return call, apps


def _decide(approver: Any, call: Any, application: Any, exception: str) -> Any:
    client = APIClient()
    client.force_authenticate(approver)
    body = {
        "call": call.pk,
        "outcome": "awarded",
        "justification": "Mejor puntaje",
        "awards": [{"application": application.pk, "amount": "85000", "currency": "COP"}],
        "budget_exception": exception,
    }
    return client.post("/api/v1/decisions/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")


def test_an_award_over_budget_without_a_reason_is_refused(over_budget: Any, approver: Any) -> None:
    call, (first, _second) = over_budget
    response = _decide(approver, call, first, "   ")
    assert response.status_code == 400, response.content
    assert "exceed the budget" in response.json()["error"]["message"]
    assert not Decision.objects.filter(call=call).exists()


def test_the_exception_and_its_reason_are_published(
    over_budget: Any, approver: Any, client_for: Any, anonymous: Any, django_capture_on_commit_callbacks: Any
) -> None:
    call, (first, _second) = over_budget
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        response = _decide(approver, call, first, REASON)
    assert response.status_code == 201, response.content
    assert Decision.objects.get(call=call).budget_exception == REASON
    # the public award list (anonymous)
    page = client_for(anonymous).get("/en/awards/").content.decode()
    assert "Over budget" in page
    assert REASON in page
    # the public API
    rows = APIClient().get("/api/v1/awards/").json()
    rows = rows.get("results", rows) if isinstance(rows, dict) else rows
    row = next(r for r in rows if r["call"] == call.pk)
    assert row["budget_exception"] == REASON
    # the OCDS release: the extension field and the award's description, valid against the schema
    releases = _all_valid(ocid_for(call.pk))
    award = next(a for r in releases for a in r.get("awards", []) if a.get("status") == "active")
    assert award["budgetException"]["reason"] == REASON
    assert award["budgetException"]["budget"] == {"amount": 50000, "currency": "COP"}
    assert REASON in award["description"]


def test_an_award_within_budget_carries_no_exception(
    public_body: Any,
    approver: Any,
    evaluator: Any,
    supplier_org: Any,
    supplier_owner: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    other, other_user = second_supplier()
    call, (first, _second) = scored_call(
        public_body, approver, evaluator, [(supplier_org, supplier_owner), (other, other_user)], [(8, 6), (5, 9)]
    )
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        assert _decide(approver, call, first, "").status_code == 201
    releases = _all_valid(ocid_for(call.pk))
    award = next(a for r in releases for a in r.get("awards", []) if a.get("status") == "active")
    assert "budgetException" not in award
