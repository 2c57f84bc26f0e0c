"""The award release names the winning bid (``awards[].relatedBid``, bids extension) and, from the moment the
call's red flags are public (its decision), every release links to them (the portal's extension field
``redFlags``); releases written before the decision carry no link. Validated against the release schema with
the declared extensions."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from procurement.applications.models import CallOpening
from procurement.awards.models import Award
from procurement.calls.models import Call
from procurement.ocds import packages
from procurement.ocds.build import ocid_for
from procurement.ocds.models import RedFlagResult, Release
from procurement.ocds.redflag_services import red_flags_process
from procurement.ocds.services import ocds_release_record
from procurement.ocds.validation import validate
from tests.procurement.factories import scored_call, second_supplier

pytestmark = pytest.mark.django_db


def _publish_until_opening(call: Call) -> None:
    """The releases the lifecycle services write up to the opening (the factories set the statuses directly)."""
    ocds_release_record(call_id=call.pk, tag="tender")
    ocds_release_record(call_id=call.pk, tag="tenderUpdate")
    opened_at = CallOpening.objects.get(call=call).opened_at
    ocds_release_record(call_id=call.pk, tag="tenderUpdate", event="opening", date=opened_at)


def _valid(data: Any) -> None:
    problems = validate(data, "extended_release")
    assert problems == [], [str(p) for p in problems[:5]]


@pytest.fixture
def decided(
    public_body: Any,
    approver: Any,
    evaluator: Any,
    supplier_org: Any,
    supplier_owner: Any,
    django_capture_on_commit_callbacks: Any,
) -> tuple[Call, Any]:
    """An opened call with two applications (its opening release written), awarded to the first one."""
    other, other_user = second_supplier()
    with django_capture_on_commit_callbacks(execute=True):
        call, (first, _second) = scored_call(
            public_body,
            approver,
            evaluator,
            [(supplier_org, supplier_owner), (other, other_user)],
            [(8, 6), (5, 9)],
            language="pt",
        )
        _publish_until_opening(call)
    client = APIClient()
    client.force_authenticate(approver)
    body = {
        "call": call.pk,
        "outcome": "awarded",
        "justification": "Mejor puntaje",
        "awards": [{"application": first.pk, "amount": "85000", "currency": call.currency or "COP"}],
    }
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/decisions/", body, format="json")
    assert response.status_code == 201, response.content
    call.refresh_from_db()
    return call, first


def _releases(call: Call) -> list[dict[str, Any]]:
    return list(Release.objects.of_ocid(ocid_for(call.pk)).values_list("data", flat=True))


def _path(url: str) -> str:
    assert url.startswith(settings.SITE_URL + "/"), url
    return url.removeprefix(settings.SITE_URL)


def test_the_award_names_the_winning_bid_as_the_opening_release_gave_it(decided: Any) -> None:
    call, winner = decided
    releases = _releases(call)
    opening = next(r for r in releases if r["id"].endswith("-tenderUpdate-opening"))
    award_release = next(r for r in releases if r["tag"] == ["award"])
    award = award_release["awards"][0]
    opened_ids = [bid["id"] for bid in opening["bids"]["details"]]
    assert award["relatedBid"] in opened_ids
    (won,) = [bid for bid in opening["bids"]["details"] if bid["id"] == award["relatedBid"]]
    supplier_ids = {s["id"] for s in award["suppliers"]}
    assert {t["id"] for t in won["tenderers"]} == supplier_ids  # the bid of the winning application
    assert Award.objects.get(pk=int(award["id"])).application_id == winner.pk
    for release in releases:
        _valid(release)


def test_the_award_release_links_to_the_public_flags_and_the_methodology(decided: Any) -> None:
    call, _winner = decided
    releases = _releases(call)
    award_release = next(r for r in releases if r["tag"] == ["award"])
    ocid = ocid_for(call.pk)
    links = award_release["redFlags"]
    assert links == {
        "url": f"{settings.SITE_URL}/api/v1/red-flags/processes/{ocid}/",
        "methodologyUrl": f"{settings.SITE_URL}/pt-br/open-data/red-flags/methodology/",  # the call's language
    }
    compiled = packages.record(ocid, releases)["compiledRelease"]
    assert compiled["redFlags"] == links
    _valid(compiled)
    # The flags are public now: anyone may follow both links (the worker computes them after the release).
    red_flags_process(ocid)
    assert RedFlagResult.objects.visible_to(AnonymousUser()).filter(ocid=ocid).exists()
    anonymous = Client()
    flags = anonymous.get(_path(links["url"]))
    assert flags.status_code == 200
    rows = flags.json()
    rows = rows.get("results", rows) if isinstance(rows, dict) else rows
    assert {row["ocid"] for row in rows} == {ocid}
    assert anonymous.get(_path(links["methodologyUrl"])).status_code == 200


def test_releases_written_before_the_decision_carry_no_link(decided: Any) -> None:
    call, _winner = decided
    releases = _releases(call)
    before = [r for r in releases if r["tag"] != ["award"]]
    assert {tuple(r["tag"]) for r in before} >= {("tender",), ("tenderUpdate",)}
    assert all("redFlags" not in r for r in before)
    assert all(r["date"] <= next(a for a in releases if a["tag"] == ["award"])["date"] for r in before)


def test_an_undecided_call_links_to_no_flags_even_when_they_are_computed(
    public_body: Any,
    approver: Any,
    evaluator: Any,
    supplier_org: Any,
    supplier_owner: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        call, _apps = scored_call(public_body, approver, evaluator, [(supplier_org, supplier_owner)], [(8, 6)])
        _publish_until_opening(call)
    ocid = ocid_for(call.pk)
    red_flags_process(ocid)
    assert not RedFlagResult.objects.visible_to(AnonymousUser()).filter(ocid=ocid).exists()
    releases = _releases(call)
    assert releases
    assert all("redFlags" not in r for r in releases)
    assert "redFlags" not in packages.record(ocid, releases)["compiledRelease"]
