"""``/api/v1/calls/`` and ``/api/v1/challenges/`` filters mirror the opportunities page; pinned query counts."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from procurement.calls.models import Call
from procurement.challenges.models import Challenge
from tests.procurement.factories import make_challenge, make_indexed_call, verified_body
from tests.startups.factories import SupplierFactory


def _client(user: Any = None) -> APIClient:
    client = APIClient()
    if getattr(user, "is_authenticated", False):
        client.force_authenticate(user)
    return client


def _titles(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


@pytest.fixture
def calls(public_body: Any) -> dict[str, Call]:
    verified_body(public_body)
    now = timezone.now()
    return {
        "pilot": make_indexed_call(
            public_body,
            title="Piloto de agua potable",
            instrument="pilot",
            phases=[],
            budget=Decimal("5000"),
            sectors=["environment"],
            cpv_codes=["38420000"],
            submission_deadline=now + datetime.timedelta(days=15),
        ),
        "pcp": make_indexed_call(
            public_body,
            title="Semáforos inteligentes",
            cpv_codes=["72212000"],
            sectors=["mobility"],
            submission_deadline=now + datetime.timedelta(days=60),
        ),
        "closed": make_indexed_call(public_body, title="Cerrada", status=Call.Status.CLOSED),
        "draft": make_indexed_call(public_body, title="Borrador", status=Call.Status.DRAFT),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "semaforo"}, ["Semáforos inteligentes"]),
        ({"instrument": "pilot"}, ["Piloto de agua potable"]),
        ({"cpv": "72000000"}, ["Semáforos inteligentes"]),
        ({"sector": "environment"}, ["Piloto de agua potable"]),
        ({"budget_min": "10000", "status": "published"}, ["Semáforos inteligentes"]),
        ({"budget_max": "10000"}, ["Piloto de agua potable"]),
        ({"closing": "30", "status": "published"}, ["Piloto de agua potable"]),
        ({"status": "closed"}, ["Cerrada"]),
        ({"status": "draft"}, []),
        (
            {"country": "CO", "status": "published", "ordering": "-deadline"},
            ["Semáforos inteligentes", "Piloto de agua potable"],
        ),
    ],
)
def test_the_calls_api_filters_like_the_page(calls: Any, params: dict[str, str], expected: list[str]) -> None:
    assert _titles(_client().get("/api/v1/calls/", params)) == expected


def test_the_body_filter_and_closing_dates(calls: Any, public_body: Any) -> None:
    day = timezone.localdate(calls["pcp"].submission_deadline).isoformat()
    got = _client().get("/api/v1/calls/", {"body": public_body.pk, "closing_after": day, "closing_before": day})
    assert _titles(got) == ["Semáforos inteligentes"]


def test_members_of_the_body_filter_their_own_drafts(calls: Any, officer: Any) -> None:
    assert _titles(_client(officer).get("/api/v1/calls/", {"status": "draft"})) == ["Borrador"]


def test_eligible_uses_the_callers_supplier(calls: Any, supplier_owner: Any, supplier_org: Any) -> None:
    SupplierFactory(organisation=supplier_org, country="BR")
    Call.objects.filter(pk=calls["pcp"].pk).update(eligible_countries=["CO"])
    got = _client(supplier_owner).get("/api/v1/calls/", {"eligible": "true", "status": "published"})
    assert _titles(got) == ["Piloto de agua potable"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"cpv": "7200"}, "cpv"),
        ({"budget_min": "x"}, "budget_min"),
        ({"ordering": "nope"}, "ordering"),
        ({"budget_min": "9", "budget_max": "1"}, "budget_max"),
        ({"eligible": "true"}, "eligible"),
    ],
)
def test_bad_filters_are_400_in_the_error_shape(calls: Any, params: dict[str, str], field: str) -> None:
    response = _client().get("/api/v1/calls/", params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400
    assert field in error["fields"]


def test_the_challenges_api_filters(public_body: Any, officer: Any) -> None:
    make_challenge(public_body, title="Agua potable rural", cpv_codes=["38420000"], sectors=["environment"])
    make_challenge(public_body, title="Movilidad", cpv_codes=["72212000"])
    make_challenge(public_body, title="Borrador", status=Challenge.Status.DRAFT)
    assert _titles(_client().get("/api/v1/challenges/", {"q": "agua"})) == ["Agua potable rural"]
    assert _titles(_client().get("/api/v1/challenges/", {"cpv": "72000000"})) == ["Movilidad"]
    assert _titles(_client().get("/api/v1/challenges/", {"sector": "environment"})) == ["Agua potable rural"]
    assert _titles(_client().get("/api/v1/challenges/", {"status": "draft"})) == []
    assert _titles(_client(officer).get("/api/v1/challenges/", {"status": "draft"})) == ["Borrador"]


def _many(public_body: Any, count: int) -> None:
    for n in range(count):
        make_indexed_call(public_body, title=f"Llamado {n}")
        make_challenge(public_body, title=f"Reto {n}")


@pytest.mark.parametrize("size", [1, 50])
def test_the_calls_list_costs_one_query_whatever_its_size(
    public_body: Any, django_assert_num_queries: Any, size: int
) -> None:
    _many(public_body, size)
    client = _client()
    # a search ranks every match: its page and its count come from one query (anonymous: no membership lookup)
    with django_assert_num_queries(1):
        answer = client.get("/api/v1/calls/", {"page_size": 50, "q": "llamado"})
        assert len(_titles(answer)) == size
    assert answer.json()["count"] == size
    with django_assert_num_queries(2):  # without a search: the count (from an index), then the page
        assert len(_titles(client.get("/api/v1/calls/", {"page_size": 50}))) == size
    # a page past the end is still a 404 naming the page, with the count asked apart
    assert client.get("/api/v1/calls/", {"page": 9, "q": "llamado"}).status_code == 404


@pytest.mark.parametrize("size", [1, 50])
def test_the_lists_cost_fixed_queries_for_a_member(
    public_body: Any, officer: Any, django_assert_num_queries: Any, size: int
) -> None:
    _many(public_body, size)
    client = _client(officer)
    with django_assert_num_queries(3):  # the body memberships, count, page
        assert len(_titles(client.get("/api/v1/calls/", {"page_size": 50}))) == size
    with django_assert_num_queries(3):
        assert len(_titles(client.get("/api/v1/challenges/", {"page_size": 50}))) == size


def test_a_call_detail_costs_one_query(public_body: Any, django_assert_num_queries: Any) -> None:
    call = make_indexed_call(public_body)
    with django_assert_num_queries(1):
        assert _client().get(f"/api/v1/calls/{call.pk}/").status_code == 200
