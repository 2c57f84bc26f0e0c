"""Indicators computed by the apps that own the data (procurement, startups) match a hand count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from govtech.accounts.models import Membership
from procurement.awards.models import Decision
from procurement.bodies.models import PublicBody
from procurement.calls.models import Call
from procurement.challenges.models import Challenge
from recommendations.indicators import IndicatorQuery, get_indicator
from startups.models import Sector, Supplier
from tests.accounts.factories import MembershipFactory, PublicBodyOrganisationFactory, SupplierOrganisationFactory
from tests.procurement.factories import make_call, record_decision
from tests.startups.factories import SupplierFactory

pytestmark = pytest.mark.django_db

Y2024 = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
Y2025 = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)


def _values(code: str, **query) -> dict[tuple[str, str], float | None]:
    indicator = get_indicator(code)
    assert indicator is not None
    assert indicator.available
    return {(v.country, v.category): v.value for v in indicator.values(IndicatorQuery(**query))}


def _body(country: str, level: str = PublicBody.Level.LOCAL, verified: bool = True):
    org = PublicBodyOrganisationFactory(country=country)
    PublicBody.objects.create(
        organisation=org,
        kind=PublicBody.BodyKind.MUNICIPALITY,
        country=country,
        level=level,
        verification_status=PublicBody.Verification.VERIFIED if verified else PublicBody.Verification.PENDING,
    )
    return org


def _published(org, instrument: str, published_at: dt.datetime, status: str = Call.Status.PUBLISHED, **kw) -> Call:
    return make_call(org, status=status, instrument=instrument, published_at=published_at, **kw)


@pytest.fixture
def calls():
    """CO: 2 pilots (one from 2024, one cancelled after publication), 1 pcp; BR: 1 prize; drafts never count."""
    co, br = _body("CO"), _body("BR")
    _published(co, Call.Instrument.PILOT, Y2024)
    _published(co, Call.Instrument.PILOT, Y2025, status=Call.Status.CANCELLED)
    _published(co, Call.Instrument.PCP, Y2025)
    _published(br, Call.Instrument.PRIZE, Y2025)
    make_call(co, status=Call.Status.DRAFT, instrument=Call.Instrument.PILOT)
    make_call(co, status=Call.Status.IN_APPROVAL, instrument=Call.Instrument.PRIZE)
    return co, br


def test_calls_per_instrument_matches_a_hand_count(calls):
    assert _values("calls_per_instrument") == {("CO", "pilot"): 2, ("CO", "pcp"): 1, ("BR", "prize"): 1}
    assert _values("calls_per_instrument", country="br") == {("BR", "prize"): 1}
    assert _values("calls_per_instrument", year=2024) == {("CO", "pilot"): 1}
    with translation.override("es"):
        labels = {v.category: v.label for v in get_indicator("calls_per_instrument").values(IndicatorQuery())}
    assert labels["pilot"] == str(Call.Instrument.PILOT.label) or labels["pilot"].startswith("Piloto")


def test_median_days_from_publication_to_award_uses_awarded_calls_only(calls):
    """Only calls with an award in force count: not an unsuccessful call, not one whose decision was annulled, not
    one marked awarded without any award."""
    co, br = calls
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)

    def decided(org, instrument, days, **kw):
        call = _published(org, instrument, start, status=Call.Status.CLOSED)
        record_decision(call, decided_at=start + dt.timedelta(days), **kw)

    for days in (10, 30, 90):
        decided(co, Call.Instrument.PCP, days)
    decided(br, Call.Instrument.PRIZE, 5)
    decided(br, Call.Instrument.PRIZE, 8)
    decided(co, Call.Instrument.PCP, 1, outcome=Decision.Outcome.UNSUCCESSFUL)
    decided(co, Call.Instrument.PCP, 2, annulled=True)
    _published(co, Call.Instrument.PCP, start, status=Call.Status.AWARDED, decided_at=start + dt.timedelta(3))
    assert _values("median_days_publication_to_award") == {("CO", ""): 30.0, ("BR", ""): 6.5}
    assert _values("median_days_publication_to_award", country="CO") == {("CO", ""): 30.0}
    assert _values("median_days_publication_to_award", year=2024) == {}
    assert get_indicator("median_days_publication_to_award").additive is False


def test_local_governments_count_when_they_have_a_member_or_published_something():
    with_member = _body("CO")
    MembershipFactory(organisation=with_member, role=Membership.Role.OFFICER)
    with_call = _body("CO")
    _published(with_call, Call.Instrument.PILOT, Y2025)
    with_challenge = _body("BR")
    Challenge.objects.create(
        body=with_challenge, title="Basura", problem="x", status=Challenge.Status.PUBLISHED, published_at=Y2024
    )
    both = _body("CO")
    MembershipFactory(organisation=both, role=Membership.Role.OFFICER)
    _published(both, Call.Instrument.PCP, Y2025)
    idle = _body("CO")  # no member, nothing published
    MembershipFactory(organisation=idle, role=Membership.Role.OFFICER, status=Membership.Status.REVOKED)
    draft_only = _body("CO")
    make_call(draft_only, status=Call.Status.DRAFT)
    national = _body("CO", level=PublicBody.Level.NATIONAL)
    MembershipFactory(organisation=national, role=Membership.Role.OFFICER)
    unverified = _body("CO", verified=False)
    MembershipFactory(organisation=unverified, role=Membership.Role.OFFICER)
    assert _values("local_governments_active") == {("CO", ""): 3, ("BR", ""): 1}
    assert _values("local_governments_active", country="BR") == {("BR", ""): 1}


def test_suppliers_by_sector_and_size_match_a_hand_count():
    health, education = Sector.objects.get(slug="health"), Sector.objects.get(slug="education")
    a = SupplierFactory(country="CO", size_class=Supplier.SizeClass.SMALL)
    a.sectors.set([health, education])
    b = SupplierFactory(country="CO", size_class=Supplier.SizeClass.MICRO)
    b.sectors.set([health])
    SupplierFactory(country="CO", size_class="")  # no sector, no size
    c = SupplierFactory(country="BR", size_class=Supplier.SizeClass.SMALL)
    c.sectors.set([education])
    rejected = SupplierFactory(country="BR", verification_status=Supplier.Verification.REJECTED)
    rejected.sectors.set([health])
    old = SupplierFactory(
        country="BR", size_class=Supplier.SizeClass.LARGE, organisation=SupplierOrganisationFactory(country="BR")
    )
    Supplier.objects.filter(pk=old.pk).update(created_at=Y2024)
    assert _values("suppliers_by_sector") == {
        ("CO", "health"): 2,
        ("CO", "education"): 1,
        ("CO", ""): 1,
        ("BR", "education"): 1,
        ("BR", ""): 1,
    }
    assert _values("suppliers_by_size") == {
        ("CO", "small"): 1,
        ("CO", "micro"): 1,
        ("CO", ""): 1,
        ("BR", "small"): 1,
        ("BR", "large"): 1,
    }
    assert _values("suppliers_by_size", country="BR", year=2024) == {("BR", "large"): 1}


def test_the_dashboard_shows_the_breakdown_with_its_labels(calls, catalogue, client):
    html = client.get("/en/recommendations/dashboard/").content.decode()
    assert "Paid pilot or proof of concept" in html
    rows = client.get("/en/recommendations/dashboard/indicators.csv?country=CO").content.decode().splitlines()
    assert any(r.startswith("calls_per_instrument,") and ",pilot," in r and r.endswith(",live") for r in rows)


def test_the_api_gives_the_breakdown(calls, client):
    body = client.get("/api/v1/indicators/calls_per_instrument/?country=BR").json()
    assert body["available"] is True
    assert body["values"] == [
        {
            "country": "BR",
            "category": "prize",
            "category_label": "Reto de innovación abierta / premio",  # the API answers in Spanish by default
            "period": "current",
            "value": 1.0,
        }
    ]


def test_applicants_per_call_counts_opened_calls_only(calls):
    from procurement.applications.models import Application, CallOpening
    from tests.accounts.factories import UserFactory
    from tests.procurement.factories import make_application

    co, br = calls
    user = UserFactory()
    suppliers = [SupplierOrganisationFactory(country="CO") for _ in range(5)]
    a = _published(co, Call.Instrument.PILOT, Y2025, status=Call.Status.IN_EVALUATION)
    b = _published(co, Call.Instrument.PILOT, Y2025, status=Call.Status.IN_EVALUATION)
    sealed = _published(co, Call.Instrument.PILOT, Y2025, status=Call.Status.CLOSED)
    empty = _published(br, Call.Instrument.PRIZE, Y2025, status=Call.Status.IN_EVALUATION)
    for org in suppliers[:3]:
        make_application(a, org, by=user)
    make_application(a, suppliers[3], by=user, status=Application.Status.DRAFT)
    make_application(a, suppliers[4], by=user, status=Application.Status.WITHDRAWN)
    make_application(b, suppliers[0], by=user)
    make_application(sealed, suppliers[0], by=user)
    make_application(sealed, suppliers[1], by=user)
    for call in (a, b, empty):
        CallOpening.objects.create(call=call, opened_by=user, opened_at=Y2025 + dt.timedelta(days=40))
    assert _values("applicants_per_call") == {("CO", ""): 2.0, ("BR", ""): 0.0}
    assert _values("applicants_per_call", country="BR") == {("BR", ""): 0.0}
    assert _values("applicants_per_call", year=2024) == {}
