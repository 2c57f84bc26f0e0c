"""Saved searches: the generic engine, with a scope registered by the test."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from govtech.core.errors import ApplicationError
from govtech.notifications.kinds import Kind
from govtech.notifications.models import Notification, SavedSearch
from govtech.notifications.saved_searches import (
    Hit,
    register_scope,
    saved_search_create,
    saved_search_run,
    saved_searches_run_due,
    unregister_scope,
)
from tests.conftest import PERSONAS

CATALOGUE = [
    ("1", "Semáforos inteligentes", "movilidad"),
    ("2", "Historia clínica digital", "salud"),
    ("3", "Buses eléctricos", "movilidad"),
]


def find(search: SavedSearch, since: dt.datetime | None) -> list[Hit]:
    return [
        Hit(key=k, title=t, url=f"/es/opportunities/{k}/")
        for k, t, sector in CATALOGUE
        if sector == search.params.get("sector")
    ]


def validate(params: dict[str, Any]) -> None:
    if params.get("sector") not in {"movilidad", "salud"}:
        raise ApplicationError("Unknown sector", field="params")


@pytest.fixture(autouse=True)
def calls_scope() -> Iterator[None]:
    register_scope("test-calls", label="Calls", finder=find, validate=validate)
    yield
    unregister_scope("test-calls")


@pytest.mark.django_db
def test_a_run_alerts_the_owner_of_new_hits_once_per_period(supplier_owner: Any) -> None:
    search = saved_search_create(
        actor=supplier_owner, scope="test-calls", name="Movilidad", params={"sector": "movilidad"}, frequency="daily"
    )
    assert saved_search_run(search_id=search.pk) == 2
    email = Notification.objects.get(kind=Kind.SAVED_SEARCH_HIT, channel="email")
    assert email.recipient == supplier_owner
    assert email.context["count"] == 2
    assert [i["title"] for i in email.context["items"]] == [
        "Semáforos inteligentes",
        "Buses eléctricos",
    ]
    saved_search_run(search_id=search.pk)
    assert Notification.objects.filter(kind=Kind.SAVED_SEARCH_HIT).count() == 2  # inbox + e-mail, once
    search.refresh_from_db()
    assert search.last_run_at is not None


@pytest.mark.django_db
def test_the_due_run_covers_searches_of_that_frequency(supplier_owner: Any) -> None:
    saved_search_create(
        actor=supplier_owner, scope="test-calls", name="Salud", params={"sector": "salud"}, frequency="weekly"
    )
    assert saved_searches_run_due(frequency="daily") == 0
    assert saved_searches_run_due(frequency="weekly") == 1


@pytest.mark.django_db
def test_the_finder_gets_the_time_of_the_last_run(supplier_owner: Any) -> None:
    seen: list[Any] = []
    register_scope("test-spy", label="Spy", finder=lambda s, since: seen.append(since) or [])
    try:
        search = saved_search_create(actor=supplier_owner, scope="test-spy", name="Spy", params={}, frequency="daily")
        saved_search_run(search_id=search.pk)
    finally:
        unregister_scope("test-spy")
    assert seen
    assert abs((timezone.now() - seen[0]).total_seconds()) < 60


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("scope", "name", "params", "frequency", "field"),
    [
        ("nope", "x", {}, "daily", "scope"),
        ("test-calls", " ", {"sector": "salud"}, "daily", "name"),
        ("test-calls", "x", {"sector": "salud"}, "hourly", "frequency"),
        ("test-calls", "x", {"sector": "??"}, "daily", "params"),
    ],
)
def test_it_refuses_bad_searches(
    supplier_owner: Any, scope: str, name: str, params: Any, frequency: str, field: str
) -> None:
    with pytest.raises(ApplicationError) as error:
        saved_search_create(actor=supplier_owner, scope=scope, name=name, params=params, frequency=frequency)
    assert error.value.field == field
    assert not SavedSearch.objects.exists()


@pytest.mark.django_db
def test_a_search_page_can_save_its_search(supplier_owner: Any, client_for: Any) -> None:
    client = client_for(supplier_owner)
    response = client.post(
        reverse("notifications:saved_search_create"),
        {"scope": "test-calls", "params": json.dumps({"sector": "salud"}), "name": "Salud", "frequency": "weekly"},
    )
    assert response.status_code == 302
    assert SavedSearch.objects.get().params == {"sector": "salud"}
    assert "Salud" in client.get(reverse("notifications:saved_searches")).content.decode()


@pytest.mark.django_db
def test_the_save_form_reports_bad_input(supplier_owner: Any, client_for: Any) -> None:
    response = client_for(supplier_owner).post(
        reverse("notifications:saved_search_create"),
        {"scope": "test-calls", "params": "{not json", "name": "", "frequency": "daily"},
    )
    assert response.status_code == 200
    assert {"params", "name"} <= set(response.context["form"].errors)


@pytest.mark.django_db
@pytest.mark.parametrize("name", [p for p in PERSONAS if p != "anonymous"])
def test_only_the_owner_deletes_a_search(name: str, persona: Any, client_for: Any, supplier_owner: Any) -> None:
    search = saved_search_create(
        actor=supplier_owner, scope="test-calls", name="Movilidad", params={"sector": "movilidad"}, frequency="daily"
    )
    user = persona(name)
    response = client_for(user).post(reverse("notifications:saved_search_delete", args=[search.pk]))
    assert response.status_code == (302 if user == supplier_owner else 404)
    assert SavedSearch.objects.filter(pk=search.pk).exists() == (user != supplier_owner)
