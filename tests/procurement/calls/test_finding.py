"""The opportunities page as a layout: one search box first, calls and challenges together, filters folded,
"closes in N days", zero results that say what is hidden; "my questions"; recommended in a supplier's navigation."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from govtech.accounts.models import Membership, User
from procurement.calls.models import Call, Question
from procurement.templatetags.opportunities import days_left
from tests.accounts.factories import UserFactory
from tests.procurement.factories import make_challenge, make_indexed_call, verified_body

pytestmark = pytest.mark.django_db


def test_the_search_box_comes_first_and_the_filters_fold(client: Any, public_body: Any) -> None:
    verified_body(public_body)
    page = client.get("/en/opportunities/").content.decode()
    search = page.index('name="q"')
    assert search < page.index("<details")
    assert search < page.index('name="instrument"')
    assert 'role="search"' in page
    assert '<details class="govuk-details portal-filters">' in page  # folded when no filter is active
    filtered = client.get("/en/opportunities/?instrument=pcp").content.decode()
    assert 'portal-filters" open' in filtered
    assert "Filters (1 active)" in filtered


def test_calls_and_challenges_are_found_together_and_labelled(client: Any, public_body: Any) -> None:
    verified_body(public_body)
    make_indexed_call(public_body, status=Call.Status.PUBLISHED, title="Semáforos inteligentes")
    make_challenge(public_body, title="Semáforos que se adaptan al tráfico", problem="Semáforos fijos")
    page = client.get("/en/opportunities/?q=semáforos").content.decode()
    assert "Semáforos inteligentes" in page
    assert "Semáforos que se adaptan al tráfico" in page
    assert "Challenges matching your search" in page
    assert ">Challenge</strong>" in page
    assert ">Call</strong>" in page


def test_an_open_call_says_in_how_many_days_it_closes_and_its_time_zone(client: Any, public_body: Any) -> None:
    verified_body(public_body)
    make_indexed_call(
        public_body,
        status=Call.Status.PUBLISHED,
        submission_deadline=timezone.now() + datetime.timedelta(days=12, hours=1),
        timezone="America/Bogota",
    )
    page = client.get("/en/opportunities/").content.decode()
    assert "Closes in 12 days" in page or "Closes in 13 days" in page
    assert "America/Bogota" in page


def test_days_left_counts_calendar_days_in_the_buyers_time_zone() -> None:
    now = datetime.datetime(2027, 3, 1, 23, 0, tzinfo=datetime.UTC)  # 18:00 in Bogotá
    deadline = datetime.datetime(2027, 3, 2, 4, 0, tzinfo=datetime.UTC)  # 23:00 in Bogotá, same day
    assert days_left(deadline, "America/Bogota", now=now) == 0
    assert days_left(deadline, "UTC", now=now) == 1


def test_zero_results_say_closed_calls_are_hidden_and_offer_to_save_the_search(
    client: Any, public_body: Any, supplier_owner: User
) -> None:
    verified_body(public_body)
    make_indexed_call(public_body, status=Call.Status.CLOSED, title="Ciberseguridad municipal")
    page = client.get("/en/opportunities/?q=ciberseguridad").content.decode()
    assert "Closed calls and calls under evaluation are hidden" in page
    assert "status=closed" in page
    assert "Sign in to save this search" in page
    client.force_login(supplier_owner)
    signed = client.get("/en/opportunities/?q=ciberseguridad").content.decode()
    assert 'form="save-search"' in signed
    assert 'id="save-search"' in signed
    shown = client.get("/en/opportunities/?q=ciberseguridad&status=closed").content.decode()
    assert "Ciberseguridad municipal" in shown


def _ask(call: Call, user: User, text: str, status: str = Question.Status.PENDING) -> Question:
    org = user.memberships.get(role__in=[Membership.Role.OWNER, Membership.Role.MEMBER]).organisation
    return Question.objects.create(call=call, asked_by=user, supplier=org, text=text, status=status)


def test_my_questions_lists_the_teams_questions_with_their_state(
    client: Any, public_body: Any, supplier_owner: User, supplier_member: User, outsider: User
) -> None:
    verified_body(public_body)
    call = make_indexed_call(public_body, status=Call.Status.PUBLISHED, title="Semáforos inteligentes")
    _ask(call, supplier_owner, "¿Se aceptan consorcios?")
    _ask(call, supplier_member, "¿Cuál es el plazo?", status=Question.Status.ANSWERED)
    _ask(call, outsider, "Pregunta de otra empresa")
    client.force_login(supplier_member)
    page = client.get("/en/opportunities/questions/").content.decode()
    assert "¿Se aceptan consorcios?" in page
    assert "¿Cuál es el plazo?" in page
    assert "Pending" in page
    assert "Answered" in page
    assert "Pregunta de otra empresa" not in page
    # reached from the person's applications (the menu keeps to one row for people of many roles)
    with translation.override("en"):
        mine = reverse("applications:mine")
    assert "/en/opportunities/questions/" in client.get(mine).content.decode()


def test_a_pending_question_shows_to_the_askers_teammates_on_the_page_and_in_the_api(
    client: Any, public_body: Any, supplier_owner: User, supplier_member: User, outsider: User
) -> None:
    verified_body(public_body)
    call = make_indexed_call(public_body, status=Call.Status.PUBLISHED)
    _ask(call, supplier_owner, "¿Se aceptan consorcios?")
    client.force_login(supplier_member)
    assert "¿Se aceptan consorcios?" in client.get(f"/en/opportunities/calls/{call.pk}/").content.decode()
    listed = client.get(f"/api/v1/calls/{call.pk}/questions/").json()["results"]
    assert [(q["text"], q["status"]) for q in listed] == [("¿Se aceptan consorcios?", "pending")]
    client.force_login(outsider)
    assert "¿Se aceptan consorcios?" not in client.get(f"/en/opportunities/calls/{call.pk}/").content.decode()
    assert client.get(f"/api/v1/calls/{call.pk}/questions/").json()["results"] == []


def test_recommended_opportunities_are_in_the_navigation_of_a_suppliers_people(
    client: Any, supplier_member: User
) -> None:
    assert "/en/opportunities/recommended/" not in client.get("/en/").content.decode()
    client.force_login(UserFactory())  # no supplier: nothing is recommended to them
    assert "/en/opportunities/recommended/" not in client.get("/en/").content.decode()
    client.force_login(supplier_member)
    assert "/en/opportunities/recommended/" in client.get("/en/").content.decode()
