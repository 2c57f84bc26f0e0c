"""The opportunities page: filters, sorting, bad values as form errors, saved searches; the challenges pages."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from govtech.accounts.models import Membership
from govtech.notifications import saved_searches
from govtech.notifications.models import SavedSearch
from procurement.bodies.models import PublicBody
from procurement.calls.models import Call
from procurement.challenges.models import Challenge
from tests.accounts.factories import PublicBodyOrganisationFactory, UserFactory
from tests.procurement.factories import make_challenge, make_indexed_call, verified_body
from tests.startups.factories import SupplierFactory

URL = "/en/opportunities/"
pytestmark = pytest.mark.django_db
# Pinned: the same for 1 row as for 25 (count, page, the select options; a challenge and its calls; a call,
# its answered questions and its amendments).
# the call page: call (+ body, challenge), amendments, documents, public Q&A
# A visitor's opportunities page: the sector looked up, the ranked page (no row matches both filters here: an
# empty first page is a count of 0, not asked apart, #19); the select options (bodies, sectors) are cached fragments; once cached, the
# whole page comes from the visitors' page cache (govtech.core.pagecache): no query at all.
# The challenges page, not cached yet: count, the page's ids, its rows by id (the sectors' options are kept).
# with a search, the page also lists the matching challenges: one more query (procurement/calls/views/public.py)
# A call page reads its red flags in one more query (#18).
PAGE_QUERIES, CACHED_PAGE_QUERIES, CHALLENGES_QUERIES, CHALLENGE_QUERIES, CALL_QUERIES = 3, 0, 3, 2, 5


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


def _listed(client: Any, **params: Any) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(
        r'<h3 class="govuk-heading-s"><a class="govuk-link" href="/en/opportunities/calls/\d+/">([^<]+)</a>', html
    )


@pytest.fixture
def peru_body(db: Any) -> Any:
    org = PublicBodyOrganisationFactory(name="Municipalidad de Lima", country="PE")
    PublicBody.objects.create(
        organisation=org,
        kind="municipality",
        country="PE",
        level="local",
        verification_status=PublicBody.Verification.VERIFIED,
    )
    return org


def test_it_lists_open_calls_by_deadline_with_a_count(client: Any, public_body: Any) -> None:
    verified_body(public_body)
    now = timezone.now()
    make_indexed_call(public_body, title="Later", submission_deadline=now + datetime.timedelta(days=50))
    make_indexed_call(public_body, title="Sooner", submission_deadline=now + datetime.timedelta(days=15))
    make_indexed_call(public_body, title="Closed one", status=Call.Status.CLOSED)
    make_indexed_call(public_body, title="Draft one", status=Call.Status.DRAFT)
    assert _listed(client) == ["Sooner", "Later"]
    html = client.get(URL).content.decode()
    assert "Calls found: 2" in html
    assert '<option value="published" selected>Open for submissions</option>' in html
    assert '<option value="any">Any status</option>' in html
    assert 'value="draft"' not in html
    assert 'value="in_approval"' not in html
    assert _listed(client, status="closed") == ["Closed one"]
    assert _listed(client, status="draft") == []  # drafts stay invisible outside the body


def test_it_filters_by_country_and_body(client: Any, public_body: Any, peru_body: Any) -> None:
    verified_body(public_body)
    make_indexed_call(public_body, title="Bogotá call")
    make_indexed_call(peru_body, title="Lima call")
    assert _listed(client, country="PE") == ["Lima call"]
    assert _listed(client, body=public_body.pk) == ["Bogotá call"]


def test_a_cpv_code_matches_the_codes_below_it(client: Any, public_body: Any) -> None:
    make_indexed_call(public_body, title="Software services", cpv_codes=["72212000"])
    make_indexed_call(public_body, title="Consulting", cpv_codes=["72200000"])
    make_indexed_call(public_body, title="Sensors", cpv_codes=["38420000"])
    assert set(_listed(client, cpv="72000000")) == {"Software services", "Consulting"}
    assert _listed(client, cpv="72210000") == ["Software services"]
    assert _listed(client, cpv="38420000") == ["Sensors"]


def test_it_filters_by_sector_instrument_and_budget(client: Any, public_body: Any) -> None:
    make_indexed_call(
        public_body, title="Health pilot", sectors=["health"], instrument="pilot", budget=Decimal("5000"), phases=[]
    )
    make_indexed_call(public_body, title="Mobility PCP", sectors=["mobility"], budget=Decimal("600000"))
    assert _listed(client, sector="health") == ["Health pilot"]
    assert _listed(client, instrument="pcp") == ["Mobility PCP"]
    assert _listed(client, budget_min="10000") == ["Mobility PCP"]
    assert _listed(client, budget_max="10000") == ["Health pilot"]
    assert "amounts are not converted" in client.get(URL).content.decode()


def test_it_filters_by_deadline_window_and_date_range(client: Any, public_body: Any) -> None:
    now = timezone.now()
    make_indexed_call(
        public_body,
        title="In 5 days",
        questions_deadline=now + datetime.timedelta(days=2),
        submission_deadline=now + datetime.timedelta(days=5),
    )
    make_indexed_call(public_body, title="In 60 days", submission_deadline=now + datetime.timedelta(days=60))
    assert _listed(client, closing="7") == ["In 5 days"]
    assert _listed(client, closing="90") == ["In 5 days", "In 60 days"]
    day = timezone.localdate(now + datetime.timedelta(days=60)).isoformat()  # the filter reads local dates
    assert _listed(client, closing_after=day, closing_before=day) == ["In 60 days"]


def test_a_text_query_sorts_by_relevance(client: Any, public_body: Any) -> None:
    now = timezone.now()
    make_indexed_call(
        public_body,
        title="Otro asunto",
        summary="Con semáforos al final",
        submission_deadline=now + datetime.timedelta(days=12),
    )
    make_indexed_call(
        public_body, title="Semáforos inteligentes", submission_deadline=now + datetime.timedelta(days=30)
    )
    make_indexed_call(public_body, title="Sin relación", summary="Agua")
    assert _listed(client, q="semaforos") == ["Semáforos inteligentes", "Otro asunto"]
    assert _listed(client, q="semaforos", ordering="deadline") == ["Otro asunto", "Semáforos inteligentes"]


def test_open_to_my_organisation_uses_the_eligibility_rules(
    client_for: Any, supplier_owner: Any, supplier_org: Any, public_body: Any
) -> None:
    SupplierFactory(organisation=supplier_org, country="CO", size_class="large")
    make_indexed_call(public_body, title="Anyone")
    make_indexed_call(public_body, title="SMEs only", smes_only=True)
    make_indexed_call(public_body, title="Brazil only", eligible_countries=["BR"])
    make_indexed_call(public_body, title="Colombia only", eligible_countries=["CO"])
    client = client_for(supplier_owner)
    assert set(_listed(client)) == {"Anyone", "SMEs only", "Brazil only", "Colombia only"}
    assert set(_listed(client, eligible="on")) == {"Anyone", "Colombia only"}


@pytest.mark.parametrize("name", ["anonymous", "officer"])
def test_open_to_my_organisation_without_a_supplier_is_a_form_error(name: str, persona: Any, client_for: Any) -> None:
    response = client_for(persona(name)).get(URL, {"eligible": "on"})
    assert response.status_code == 200
    assert "Sign in as a member of a supplier" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"cpv": "12ab"}, "Enter an 8-digit CPV code"),
        ({"budget_min": "abc"}, "Enter a number"),
        ({"budget_min": "-5"}, "greater than or equal to 0"),
        ({"budget_max": "1e100000000"}, "less than or equal to"),
        ({"budget_min": "500", "budget_max": "10"}, "The minimum budget must not be more than the maximum"),
        ({"closing_after": "2027-02-01", "closing_before": "2027-01-01"}, "The first date must not be after"),
        ({"closing_after": "31/31/2027"}, "Enter a valid date"),
        ({"closing": "8"}, "Select a valid choice"),
        ({"instrument": "bribe"}, "Select a valid choice"),
        ({"country": "XX"}, "Select a valid choice"),
        ({"body": "999999"}, "Select a valid choice"),
        ({"sector": "nope"}, "Select a valid choice"),
        ({"ordering": "random"}, "Select a valid choice"),
        ({"q": "x" * 300}, "at most 200 characters"),
    ],
)
def test_bad_filter_values_are_form_errors_not_server_errors(
    client: Any, public_body: Any, params: dict[str, str], message: str
) -> None:
    make_indexed_call(public_body, title="Never listed when the filters are wrong")
    response = client.get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html
    assert "Calls found: 0" in html


def test_it_paginates_and_keeps_the_filters_in_the_links(client: Any, public_body: Any) -> None:
    for n in range(23):
        make_indexed_call(public_body, title=f"Call {n:02d}", instrument="pilot", phases=[])
    first = client.get(URL, {"instrument": "pilot"}).content.decode()
    assert "Calls found: 23" in first
    assert "Page 1 of 2" in first
    assert "?instrument=pilot&amp;page=2" in first
    assert len(_listed(client, instrument="pilot", page="2")) == 3


def test_the_empty_state_offers_to_clear_the_filters(client: Any) -> None:
    html = client.get(URL, {"q": "nothing", "instrument": "pilot"}).content.decode()
    assert "No open call matches." in html
    assert "Remove the filters and keep the search" in html
    assert "?q=nothing" in html


def test_signed_in_users_can_save_the_search(client_for: Any, supplier_owner: Any, client: Any) -> None:
    html = client_for(supplier_owner).get(URL, {"q": "agua", "instrument": "pilot", "page": "1"}).content.decode()
    assert "Save this search" in html
    params = json.loads(re.search(r'name="params" value="([^"]+)"', html).group(1).replace("&quot;", '"'))  # type: ignore[union-attr]
    assert params == {"instrument": "pilot", "q": "agua"}
    assert "Save this search" not in client.get(URL, {"q": "agua"}).content.decode()


def test_the_calls_scope_is_registered_by_procurement() -> None:
    scope = saved_searches.scopes()["calls"]
    assert scope.finder.__module__ == "procurement.calls.saved_searches"


def test_a_saved_call_search_alerts_about_new_matching_calls(supplier_owner: Any, public_body: Any) -> None:
    search = saved_searches.saved_search_create(
        actor=supplier_owner, scope="calls", name="Pilots", params={"instrument": "pilot"}, frequency="daily"
    )
    make_indexed_call(public_body, title="New pilot", instrument="pilot", phases=[], published_at=timezone.now())
    make_indexed_call(public_body, title="New PCP", published_at=timezone.now())
    hits = saved_searches.scopes()["calls"].finder(search, search.last_run_at - datetime.timedelta(seconds=1))
    assert [h.title for h in hits] == ["New pilot"]
    assert saved_searches.saved_search_run(search_id=search.pk) == 1


@pytest.mark.parametrize(("params", "field"), [({"cpv": "bad"}, "cpv"), ({"colour": "red"}, "params")])
def test_saving_a_call_search_with_bad_parameters_is_refused(
    supplier_owner: Any, params: dict[str, str], field: str
) -> None:
    from govtech.core.errors import ApplicationError

    with pytest.raises(ApplicationError) as caught:
        saved_searches.saved_search_create(
            actor=supplier_owner, scope="calls", name="x", params=params, frequency="daily"
        )
    assert caught.value.field == field
    assert not SavedSearch.objects.exists()


def test_the_challenges_page_lists_published_challenges_only(client: Any, public_body: Any) -> None:
    published = make_challenge(public_body, title="Agua potable rural")
    draft = make_challenge(public_body, title="Borrador secreto", status=Challenge.Status.DRAFT)
    html = client.get("/en/opportunities/challenges/").content.decode()
    assert "Agua potable rural" in html
    assert "Borrador secreto" not in html
    assert "Agua potable rural" in client.get("/en/opportunities/challenges/", {"q": "agua"}).content.decode()
    assert client.get(f"/en/opportunities/challenges/{published.pk}/").status_code == 200
    assert client.get(f"/en/opportunities/challenges/{draft.pk}/").status_code == 404


@pytest.mark.parametrize("name", ["officer", "admin", "outsider"])
def test_a_draft_challenge_page_is_not_public_even_for_insiders(
    name: str, persona: Any, client_for: Any, public_body: Any
) -> None:
    draft = make_challenge(public_body, status=Challenge.Status.DRAFT)
    assert client_for(persona(name)).get(f"/en/opportunities/challenges/{draft.pk}/").status_code == 404


def test_a_challenge_page_lists_its_public_calls(client: Any, public_body: Any) -> None:
    challenge = make_challenge(public_body)
    make_indexed_call(public_body, title="From the challenge", challenge=challenge)
    make_indexed_call(public_body, title="Hidden draft", challenge=challenge, status=Call.Status.DRAFT)
    html = client.get(f"/en/opportunities/challenges/{challenge.pk}/").content.decode()
    assert "From the challenge" in html
    assert "Hidden draft" not in html


@pytest.mark.parametrize("size", [1, 25])
def test_the_pages_cost_a_fixed_number_of_queries(
    client: Any, public_body: Any, django_assert_num_queries: Any, size: int
) -> None:
    verified_body(public_body)
    challenge = make_challenge(public_body)
    for n in range(size):
        make_indexed_call(public_body, title=f"Llamado {n}", challenge=challenge)
        make_challenge(public_body, title=f"Reto {n}")
    client.get(URL)  # warm-up: per-process caches are not the page's cost
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(URL, {"q": "llamado", "sector": "mobility"}).status_code == 200
    with django_assert_num_queries(CACHED_PAGE_QUERIES):
        assert client.get(URL, {"q": "llamado", "sector": "mobility"}).status_code == 200
    with django_assert_num_queries(CHALLENGES_QUERIES):
        assert client.get("/en/opportunities/challenges/").status_code == 200
    with django_assert_num_queries(CHALLENGE_QUERIES):
        assert client.get(f"/en/opportunities/challenges/{challenge.pk}/").status_code == 200
    call = challenge.calls.first()
    with django_assert_num_queries(CALL_QUERIES):
        assert client.get(f"/en/opportunities/calls/{call.pk}/").status_code == 200


def test_any_status_lists_every_state_the_visitor_can_see_and_differs_from_open(client: Any, public_body: Any) -> None:
    verified_body(public_body)
    make_indexed_call(public_body, title="Open one")
    make_indexed_call(public_body, title="Closed one", status=Call.Status.CLOSED)
    make_indexed_call(public_body, title="Awarded one", status=Call.Status.AWARDED)
    make_indexed_call(public_body, title="Draft one", status=Call.Status.DRAFT)
    assert _listed(client) == ["Open one"]
    assert sorted(_listed(client, status="any")) == ["Awarded one", "Closed one", "Open one"]


def test_the_body_s_own_people_are_offered_drafts_and_calls_in_approval(client: Any, public_body: Any) -> None:
    verified_body(public_body)
    officer = UserFactory()
    Membership.objects.create(user=officer, organisation=public_body, role=Membership.Role.OFFICER)
    client.force_login(officer)
    html = client.get(URL).content.decode()
    assert 'value="draft"' in html
    assert 'value="in_approval"' in html
