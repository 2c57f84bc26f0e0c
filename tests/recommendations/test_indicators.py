"""The dashboard's live indicators match a hand computation on test data."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from govtech.accounts.models import Membership, Organisation
from recommendations.indicators import IndicatorQuery, get_indicator
from recommendations.indicators.registry import Indicator, register
from tests.accounts.factories import MembershipFactory, PublicBodyOrganisationFactory, SupplierOrganisationFactory

LIVE = {
    "suppliers_by_country",
    "public_bodies_active_by_country",
    # computed by the apps that own the data (procurement/indicators.py, startups/indicators.py)
    "calls_per_instrument",
    "local_governments_active",
    "median_days_publication_to_award",
    "applicants_per_call",
    "suppliers_by_sector",
    "suppliers_by_size",
    # procurement/awards/indicators.py
    "pilots_to_contracts",
    "award_share_smes",
    "award_share_startups",
    "award_value_share_smes",
    "award_value_share_startups",
    "median_days_call_to_contract",
    # recommendations/indicators/redflags.py, from the stored red flags (R018)
    "single_bid_share",
}


@pytest.fixture
def ecosystem(db):
    """3 suppliers in CO (one registered in 2024), 1 in BR; public bodies: 2 active in CO, 1 without members."""
    for _ in range(3):
        SupplierOrganisationFactory(country="CO")
    SupplierOrganisationFactory(country="BR")
    old = SupplierOrganisationFactory(country="CO")
    Organisation.objects.filter(pk=old.pk).update(created_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC))
    for _ in range(2):
        MembershipFactory(organisation=PublicBodyOrganisationFactory(country="CO"), role=Membership.Role.OFFICER)
    PublicBodyOrganisationFactory(country="CO")  # no active member: not counted
    revoked = PublicBodyOrganisationFactory(country="MX")
    MembershipFactory(organisation=revoked, role=Membership.Role.OFFICER, status=Membership.Status.REVOKED)


def _values(code: str, **query) -> dict[str, float | None]:
    indicator = get_indicator(code)
    assert indicator is not None
    return {v.country: v.value for v in indicator.values(IndicatorQuery(**query))}


def test_suppliers_by_country_matches_a_hand_count(ecosystem):
    assert _values("suppliers_by_country") == {"CO": 4.0, "BR": 1.0}
    assert _values("suppliers_by_country", country="co") == {"CO": 4.0}
    assert _values("suppliers_by_country", year=2024) == {"CO": 1.0}


def test_active_public_bodies_count_only_bodies_with_an_active_member(ecosystem):
    assert _values("public_bodies_active_by_country") == {"CO": 2.0}


def test_indicators_awaiting_other_apps_have_no_values(pending_indicator):
    pending = get_indicator("test_pending")
    assert pending is not None
    assert not pending.available
    assert pending.values(IndicatorQuery()) is None


def test_every_indicator_is_tied_to_a_recommendation_of_the_catalogue(catalogue):
    from recommendations.indicators import all_indicators
    from recommendations.models import Recommendation

    slugs = set(Recommendation.objects.values_list("slug", flat=True))
    assert {i.recommendation for i in all_indicators()} <= slugs
    assert {i.code for i in all_indicators() if i.available} == LIVE


def test_a_code_cannot_be_registered_twice():
    with pytest.raises(ValueError, match="already registered"):
        register(Indicator(code="suppliers_by_country", title={}, recommendation="map-the-supply"))


def test_the_dashboard_shows_charts_tables_and_what_is_not_yet_available(
    catalogue, ecosystem, client, pending_indicator
):
    page = client.get("/en/recommendations/dashboard/?country=CO")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('role="img"') >= 3  # two live indicators + the CAF index
    assert "Not yet available" in html
    block = next(b for b in page.context["live"] if b.indicator.code == "suppliers_by_country")
    assert [(v.country, v.value) for v in block.values] == [("CO", 4.0)]
    assert "caf.com" in html  # the context figures cite their source


def test_the_dashboard_ignores_bad_filters_and_says_so(catalogue, client):
    page = client.get("/en/recommendations/dashboard/?country=<script>&year=abc")
    assert page.status_code == 200
    assert len(page.context["problems"]) == 2
    assert "<script>" not in page.content.decode().split("<main")[1]


def test_the_csv_download_has_the_same_numbers(catalogue, ecosystem, client, pending_indicator):
    response = client.get("/en/recommendations/dashboard/indicators.csv?country=CO")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    live = {(r["indicator"], r["country"]): r["value"] for r in rows if r["status"] == "live"}
    assert live == {("suppliers_by_country", "CO"): "4", ("public_bodies_active_by_country", "CO"): "2"}
    assert any(r["indicator"] == "test_pending" and r["status"] == "not_yet_available" for r in rows)


def test_the_dashboard_shows_each_live_indicator_over_time(catalogue, ecosystem, client):
    page = client.get("/en/recommendations/dashboard/?country=CO")
    block = next(b for b in page.context["live"] if b.indicator.code == "suppliers_by_country")
    trend = dict(block.trend)
    assert trend[2024] == 1.0
    assert trend[max(trend)] == 4.0
    assert trend.get(2025, 1.0) == 1.0


def test_a_recommendation_page_lists_the_indicators_that_measure_it(catalogue, client):
    page = client.get("/en/recommendations/map-the-supply/")
    codes = {i.code for i in page.context["measured_by"]}
    assert codes == {"suppliers_by_country", "suppliers_by_sector", "suppliers_by_size"}
    assert "/en/recommendations/dashboard/#h-suppliers_by_country" in page.content.decode()
