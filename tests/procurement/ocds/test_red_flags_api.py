"""``/api/v1/red-flags/``: per process, per buyer and counted per indicator, with the visibility rule of
``RedFlagResult.objects.visible_to`` (a call's flags are public once it is decided), the paginated list shape,
and bad filters answered 400 naming the field."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from procurement.calls.models import Call
from procurement.ocds.models import RedFlagFence
from tests.procurement.factories import make_call
from tests.procurement.ocds.test_red_flags_stored import store

pytestmark = pytest.mark.django_db

LIST_KEYS = {"count", "next", "previous", "results"}


@pytest.fixture
def stored(public_body: Any) -> None:
    store(
        "ocds-api-open", make_call(public_body, Call.Status.IN_EVALUATION), {"R018": "flagged", "R003": "not_flagged"}
    )
    store("ocds-api-done", make_call(public_body, Call.Status.AWARDED), {"R018": "flagged", "R003": "not_computable"})
    store(
        "ocds-api-peer",
        make_call(public_body, Call.Status.AWARDED),
        {"R018": "not_flagged", "R003": "not_flagged"},
        buyer="CO-B2",
    )


def _get(client: Any, path: str) -> Any:
    return client.get(path, HTTP_ACCEPT="application/json")


@pytest.mark.parametrize(
    ("who", "sees"), [("anonymous", False), ("outsider", False), ("officer", True), ("auditor", True)]
)
def test_an_undecided_calls_flags_by_ocid(stored: None, client_for: Any, persona: Any, who: str, sees: bool) -> None:
    response = _get(client_for(persona(who)), "/api/v1/red-flags/processes/ocds-api-open/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == LIST_KEYS
    assert _get(client_for(persona(who)), "/api/v1/red-flags/processes/ocds-unknown-1/").status_code == 404
    if not sees:
        assert body["count"] == 0
    else:
        assert [(r["indicator"], r["outcome"]) for r in body["results"]] == [
            ("R003", "not_flagged"),
            ("R018", "flagged"),
        ]
        first = body["results"][0]
        assert first["buyer"] == {"id": "CO-B1", "name": "Buyer CO-B1"}
        assert first["evidence"] == {"value": 1}
        assert first["methodology_version"] == "1.1"
        assert first["imported"] is False


def test_a_process_known_but_not_computed_is_an_empty_list_and_a_draft_a_404(
    public_body: Any, client: Any, client_for: Any, officer: Any, settings: Any
) -> None:
    published = make_call(public_body, Call.Status.PUBLISHED)
    draft = make_call(public_body, Call.Status.DRAFT)
    prefix = settings.OCDS_OCID_PREFIX
    assert _get(client, f"/api/v1/red-flags/processes/{prefix}-{published.pk}/").json()["count"] == 0
    assert _get(client, f"/api/v1/red-flags/processes/{prefix}-{draft.pk}/").status_code == 404
    assert _get(client_for(officer), f"/api/v1/red-flags/processes/{prefix}-{draft.pk}/").status_code == 200
    assert _get(client, f"/api/v1/red-flags/processes/{prefix}-99999999999999999999999/").status_code == 404


def test_a_decided_calls_flags_are_public(stored: None, client: Any) -> None:
    body = _get(client, "/api/v1/red-flags/processes/ocds-api-done/").json()
    assert [r["outcome"] for r in body["results"]] == ["not_computable", "flagged"]
    assert body["results"][0]["reason"] == "no_bids"


def test_the_list_filters_and_hides_what_the_caller_may_not_see(
    stored: None, client: Any, client_for: Any, auditor: Any
) -> None:
    public = _get(client, "/api/v1/red-flags/?indicator=R018&outcome=flagged").json()
    assert set(public) == LIST_KEYS
    assert [r["ocid"] for r in public["results"]] == ["ocds-api-done"]
    full = _get(client_for(auditor), "/api/v1/red-flags/?indicator=R018&outcome=flagged&country=co").json()
    assert [r["ocid"] for r in full["results"]] == ["ocds-api-done", "ocds-api-open"]
    assert _get(client, "/api/v1/red-flags/?buyer=CO-B2").json()["count"] == 2
    assert _get(client, "/api/v1/red-flags/?cpv_division=45").json()["count"] == 0


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("country=ZZZ", "country"),
        ("indicator=R999", "indicator"),
        ("outcome=guilty", "outcome"),
        ("cpv_division=7", "cpv_division"),
        ("page=abc", "page"),
    ],
)
def test_bad_filters_are_a_400_naming_the_field(stored: None, client: Any, query: str, field: str) -> None:
    response = _get(client, f"/api/v1/red-flags/?{query}")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


@pytest.mark.parametrize("path", ["", "indicators/", "buyers/", "fences/", "processes/ocds-api-open/"])
def test_unknown_parameters_are_ignored_on_every_list(stored: None, client: Any, path: str) -> None:
    response = _get(client, f"/api/v1/red-flags/{path}?ordering=nonsense&search=x&unknown=1")
    assert response.status_code == 200
    assert set(response.json()) == LIST_KEYS


def test_counts_per_indicator(stored: None, client: Any, client_for: Any, auditor: Any) -> None:
    body = _get(client, "/api/v1/red-flags/indicators/").json()
    assert set(body) == LIST_KEYS
    rows = {r["indicator"]: r for r in body["results"]}
    assert len(rows) == 14
    assert (rows["R018"]["processes"], rows["R018"]["flagged"], rows["R018"]["rate"]) == (2, 1, 0.5)
    assert rows["R003"]["not_computable"] == 1
    one = _get(client_for(auditor), "/api/v1/red-flags/indicators/?indicator=R018").json()["results"]
    assert [(r["indicator"], r["processes"], r["flagged"]) for r in one] == [("R018", 3, 2)]


def test_a_buyer_against_its_countrys_median(stored: None, client: Any) -> None:
    body = _get(client, "/api/v1/red-flags/buyers/CO-B1/").json()
    assert (body["buyer_id"], body["country"], body["processes"]) == ("CO-B1", "CO", 1)
    r018 = next(r for r in body["indicators"] if r["indicator"] == "R018")
    assert (r018["rate"], r018["country_median"], r018["country_buyers"]) == (1.0, 0.5, 2)
    assert _get(client, "/api/v1/red-flags/buyers/CO-nobody/").status_code == 404
    buyers = _get(client, "/api/v1/red-flags/buyers/?country=CO").json()
    assert [(r["buyer_id"], r["flagged"]) for r in buyers["results"]] == [("CO-B1", 1), ("CO-B2", 0)]


def test_fences_per_country(client: Any) -> None:
    RedFlagFence.objects.create(
        country="CO",
        indicator="R024",
        n=12,
        q1=0.1,
        q3=0.3,
        fence=0.0,
        methodology_version="1.1",
        thresholds_fingerprint="x",
        computed_at=timezone.now(),
    )
    body = _get(client, "/api/v1/red-flags/fences/?country=CO").json()
    assert [(r["indicator"], r["n"]) for r in body["results"]] == [("R024", 12)]
    assert _get(client, "/api/v1/red-flags/fences/?country=BR").json()["count"] == 0
    assert _get(client, "/api/v1/red-flags/fences/?country=1").status_code == 400
