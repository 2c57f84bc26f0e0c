"""The API: published catalogue only, own-body assessments, indicators, instruments, one error format."""

from __future__ import annotations

import pytest

from recommendations.models import Assessment, Recommendation
from recommendations.services.catalogue import recommendation_save_draft


def test_it_lists_only_published_recommendations_in_the_language_asked(catalogue, client):
    Recommendation.objects.filter(slug="map-the-supply").update(status="archived")
    body = client.get("/api/v1/recommendations/?lang=pt-br&page_size=100").json()
    assert body["count"] == 29
    first = body["results"][0]
    assert first["texts"]["title"] == {
        "text": "Adotar uma estratégia govtech com roteiro e patrocínio político",
        "language": "pt-br",
        "fallback": False,
    }
    assert client.get("/api/v1/recommendations/map-the-supply/").status_code == 404


def test_it_serves_the_published_version_not_the_draft(recommendation, editor, client):
    content = recommendation.latest_version.content
    recommendation_save_draft(
        actor=editor,
        recommendation=recommendation,
        content={**content, "title": {**content["title"], "en": "Draft title"}},
    )
    body = client.get(f"/api/v1/recommendations/{recommendation.slug}/?lang=en").json()
    assert body["texts"]["title"]["text"] != "Draft title"
    assert body["version"] == 1
    assert [h["version"] for h in body["history"]] == [1]


def test_it_filters_by_line_and_tag(catalogue, client):
    assert client.get("/api/v1/recommendations/?line=3").json()["count"] == 10
    tagged = client.get("/api/v1/recommendations/?tag=funding").json()
    assert {r["slug"] for r in tagged["results"]} == {"create-govtech-funds", "bring-in-private-investors"}


def test_an_officer_saves_the_bodys_assessment_through_the_api(catalogue, officer, public_body, client_for):
    client = client_for(officer)
    payload = {
        "visibility": "published",
        "ratings": [
            {
                "recommendation": "adopt-a-govtech-strategy",
                "rating": "implemented",
                "evidence_links": ["https://example.gov.co/plan"],
                "note": "ok",
            },
        ],
    }
    response = client.put(f"/api/v1/assessments/{public_body.slug}/", payload, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["line_scores"]["1"] == 10.0
    assert response.json()["caf_govtech_index_2020"] == 5.0
    assert [h["line_scores"]["1"] for h in response.json()["history"]] == [10.0]
    assert client_for(None).get(f"/api/v1/assessments/{public_body.slug}/").status_code == 200


@pytest.mark.parametrize("persona_name", ["evaluator", "supplier_owner", "outsider", "editor", "publisher"])
def test_only_the_bodys_officers_write_its_assessment(catalogue, public_body, persona, client_for, persona_name):
    payload = {"visibility": "private", "ratings": [{"recommendation": "map-the-supply", "rating": "planned"}]}
    response = client_for(persona(persona_name)).put(
        f"/api/v1/assessments/{public_body.slug}/", payload, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert not Assessment.objects.exists()


def test_anonymous_writes_are_refused(catalogue, public_body, client):
    response = client.put(f"/api/v1/assessments/{public_body.slug}/", {}, content_type="application/json")
    assert response.status_code == 401


def test_bad_assessment_input_gets_field_errors(catalogue, officer, public_body, client_for):
    client = client_for(officer)
    payload = {
        "visibility": "everyone",
        "ratings": [
            {"recommendation": "map-the-supply", "rating": "done", "evidence_links": ["javascript:alert(1)"]},
        ],
    }
    response = client.put(f"/api/v1/assessments/{public_body.slug}/", payload, content_type="application/json")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert "visibility" in fields
    assert any(key.startswith("ratings") for key in fields)
    unknown = {"visibility": "private", "ratings": [{"recommendation": "no-such-thing", "rating": "planned"}]}
    response = client.put(f"/api/v1/assessments/{public_body.slug}/", unknown, content_type="application/json")
    assert response.status_code == 400
    assert "ratings.0.recommendation" in response.json()["error"]["fields"]


def test_the_assessment_list_shows_published_ones_and_your_own(catalogue, officer, public_body, client_for):
    from tests.accounts.factories import PublicBodyOrganisationFactory

    Assessment.objects.create(organisation=public_body, visibility="private")
    other = PublicBodyOrganisationFactory()
    Assessment.objects.create(organisation=other, visibility="published")
    mine = {a["organisation"]["slug"] for a in client_for(officer).get("/api/v1/assessments/").json()["results"]}
    theirs = {a["organisation"]["slug"] for a in client_for(None).get("/api/v1/assessments/").json()["results"]}
    assert mine == {public_body.slug, other.slug}
    assert theirs == {other.slug}


def test_indicators_list_says_which_are_live(catalogue, client, pending_indicator):
    body = client.get("/api/v1/indicators/?country=CO").json()
    by_code = {row["code"]: row for row in body}
    assert by_code["suppliers_by_country"]["available"] is True
    pending = by_code["test_pending"]
    assert pending == {**pending, "available": False, "values": None}
    assert by_code["pilots_to_contracts"]["available"] is True
    assert client.get("/api/v1/indicators/nope/").status_code == 404
    bad = client.get("/api/v1/indicators/?year=1800")
    assert bad.status_code == 400
    assert list(bad.json()["error"]["fields"]) == ["year"]


def test_instruments_are_published_only_and_filterable(catalogue, client):
    from recommendations.models import Instrument

    Instrument.objects.filter(slug="sbri-uk").update(status="draft")
    body = client.get("/api/v1/instruments/?country=GB").json()
    assert [i["slug"] for i in body["results"]] == ["govtech-catalyst-uk"]
    assert client.get("/api/v1/instruments/sbri-uk/").status_code == 404
    cpsi = client.get("/api/v1/instruments/cpsi-brazil/").json()
    assert "pay-for-pilots-and-plan-scale" in cpsi["recommendations"]


def test_list_endpoints_use_a_fixed_number_of_queries(catalogue, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/recommendations/?page_size=100").json()["count"] == 30
    with django_assert_max_num_queries(6):
        client.get("/api/v1/instruments/?page_size=100")
    with django_assert_max_num_queries(8):
        client.get("/api/v1/assessments/")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/instruments/?kind=%00",
        "/api/v1/instruments/?kind=nope",
        "/api/v1/instruments/?country=%00",
        "/api/v1/recommendations/?tag=%00",
        "/api/v1/recommendations/?line=abc",
        "/api/v1/recommendations/?line=999999",
    ],
)
def test_bad_filters_answer_400_with_the_field(catalogue, client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["error"]["fields"]


def test_bad_filters_on_pages_are_ignored(catalogue, client):
    assert client.get("/es/recommendations/instruments/?country=%00&kind=%00").status_code == 200
    assert client.get("/es/recommendations/?tag=%00").status_code == 200
    assert client.get("/es/recommendations/dashboard/?country=%00&year=%00").status_code == 200
