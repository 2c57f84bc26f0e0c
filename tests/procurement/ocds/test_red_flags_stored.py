"""Stored red flags: who sees a call's flags (the rule lives in ``RedFlagResult.objects.visible_to``), and the
selectors the pages and the API read (per process, per buyer against its country's median, counts)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from govtech.accounts.models import Membership, Organisation
from procurement.calls.models import Call
from procurement.ocds import redflag_selectors as flags
from procurement.ocds.models import RedFlagProcess, RedFlagResult
from tests.accounts.factories import MembershipFactory, PublicBodyOrganisationFactory, UserFactory
from tests.procurement.factories import make_call

pytestmark = pytest.mark.django_db


def store(
    ocid: str, call: Call | None, outcomes: dict[str, str], *, buyer: str = "CO-B1", country: str = "CO"
) -> RedFlagProcess:
    process = RedFlagProcess.objects.create(
        ocid=ocid, call=call, country=country, buyer_id=buyer, buyer_name=f"Buyer {buyer}", facts={}, record_checksum=""
    )
    for code, outcome in outcomes.items():
        RedFlagResult.objects.create(
            process=process,
            ocid=ocid,
            call=call,
            buyer_id=buyer,
            buyer_name=f"Buyer {buyer}",
            country=country,
            cpv_division="72",
            indicator=code,
            outcome=outcome,
            reason="no_bids" if outcome == "not_computable" else "",
            evidence={"value": 1},
            methodology_version="1.1",
            thresholds_fingerprint="x",
            computed_at=timezone.now(),
        )
    return process


@pytest.fixture
def calls(public_body: Organisation) -> dict[str, Call]:
    open_call = make_call(public_body, Call.Status.IN_EVALUATION)
    decided = make_call(public_body, Call.Status.AWARDED)
    store("ocds-test-open", open_call, {"R018": "flagged", "R003": "not_flagged"})
    store("ocds-test-decided", decided, {"R018": "not_flagged", "R003": "not_computable"})
    return {"open": open_call, "decided": decided}


@pytest.fixture
def officer_of_another_body(db: Any) -> Any:
    other = PublicBodyOrganisationFactory(name="Otra Secretaría", country="CO")
    return MembershipFactory(user=UserFactory(email="o@otra.gov.co"), organisation=other, role="officer").user


def visible_ocids(user: Any) -> set[str]:
    return set(RedFlagResult.objects.visible_to(user).values_list("ocid", flat=True))


@pytest.mark.parametrize("who", ["officer", "approver", "auditor", "admin"])
def test_the_bodys_staff_and_auditors_see_flags_as_soon_as_computed(calls: Any, persona: Any, who: str) -> None:
    assert visible_ocids(persona(who)) == {"ocds-test-open", "ocds-test-decided"}


@pytest.mark.parametrize("who", ["anonymous", "outsider", "supplier_owner", "evaluator", "editor"])
def test_everyone_else_sees_a_calls_flags_only_once_it_is_decided(calls: Any, persona: Any, who: str) -> None:
    assert visible_ocids(persona(who)) == {"ocds-test-decided"}
    assert flags.flags_of_call(persona(who), calls["open"].pk) == []
    assert flags.flags_of_process(persona(who), "ocds-test-open") == []


def test_an_officer_of_another_body_does_not_see_the_open_calls_flags(calls: Any, officer_of_another_body: Any) -> None:
    assert visible_ocids(officer_of_another_body) == {"ocds-test-decided"}


def test_a_suspended_officer_is_like_anyone_else(calls: Any, officer: Any) -> None:
    Membership.objects.filter(user=officer).update(status=Membership.Status.SUSPENDED)
    assert visible_ocids(officer) == {"ocds-test-decided"}


@pytest.mark.parametrize("status", [Call.Status.UNSUCCESSFUL, Call.Status.CANCELLED])
def test_unsuccessful_and_cancelled_calls_are_decided(calls: Any, anonymous: Any, status: str) -> None:
    Call.objects.filter(pk=calls["open"].pk).update(status=status)
    assert visible_ocids(anonymous) == {"ocds-test-open", "ocds-test-decided"}


def test_flags_of_a_process_come_in_the_indicators_order(calls: Any, officer: Any) -> None:
    assert [f.indicator for f in flags.flags_of_process(officer, "ocds-test-open")] == ["R003", "R018"]


def test_indicator_counts_follow_visibility_and_filters(calls: Any, anonymous: Any, auditor: Any) -> None:
    counts = {c.indicator: c for c in flags.indicator_counts(auditor)}
    assert list(counts) == list(flags.INDICATOR_CODES)
    assert (counts["R018"].processes, counts["R018"].computable, counts["R018"].flagged) == (2, 2, 1)
    assert (counts["R003"].computable, counts["R003"].not_computable) == (1, 1)
    assert counts["R024"].processes == 0
    assert counts["R024"].rate is None
    public = {c.indicator: c for c in flags.indicator_counts(anonymous)}
    assert (public["R018"].processes, public["R018"].flagged) == (1, 0)
    filtered = {c.indicator: c for c in flags.indicator_counts(auditor, flags.Filters(country="BR"))}
    assert filtered["R018"].processes == 0
    assert {c.indicator: c.processes for c in flags.indicator_counts(auditor, flags.Filters(cpv_division="72"))}[
        "R018"
    ] == 2


def test_buyer_profile_compares_with_the_countrys_median(public_body: Organisation, anonymous: Any) -> None:
    for i, outcome in enumerate(["flagged", "flagged", "not_flagged", "not_computable"]):
        store(f"ocds-b1-{i}", make_call(public_body, Call.Status.AWARDED), {"R018": outcome}, buyer="CO-B1")
    for buyer, outcome in (("CO-B2", "not_flagged"), ("CO-B3", "flagged"), ("CO-B4", "not_flagged")):
        store(f"ocds-{buyer}", make_call(public_body, Call.Status.AWARDED), {"R018": outcome}, buyer=buyer)
    store("ocds-br", make_call(public_body, Call.Status.AWARDED), {"R018": "flagged"}, buyer="BR-X", country="BR")
    profile = flags.buyer_profile(anonymous, "CO-B1")
    assert profile is not None
    assert (profile.buyer_name, profile.country, profile.processes) == ("Buyer CO-B1", "CO", 4)
    r018 = next(row for row in profile.indicators if row.indicator == "R018")
    assert (r018.processes, r018.computable, r018.flagged) == (4, 3, 2)
    assert r018.rate == pytest.approx(2 / 3)
    # buyers' rates in CO: 2/3, 0, 1, 0 -> median (0 + 2/3) / 2
    assert r018.country_median == pytest.approx(1 / 3)
    assert r018.country_buyers == 4
    assert flags.buyer_profile(anonymous, "CO-nobody") is None
    rows = flags.buyers(anonymous, flags.Filters(country="CO"))
    assert rows[0].buyer_id == "CO-B1"
    assert rows[0].flagged == 2


def test_a_process_neither_ours_nor_imported_is_for_auditors_only(anonymous: Any, auditor: Any) -> None:
    store("ocds-nocall", None, {"R018": "flagged"})
    assert visible_ocids(anonymous) == set()
    assert visible_ocids(auditor) == {"ocds-nocall"}
