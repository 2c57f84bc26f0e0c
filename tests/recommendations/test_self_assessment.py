"""A body's officers assess its adoption; private stays private; history is kept."""

from __future__ import annotations

import pytest

from govtech.core.errors import NotAllowed
from recommendations.models import Assessment, AssessmentSnapshot, Recommendation
from recommendations.services.assessments import RatingInput, assessment_save


def _form_data(officer_client, slug: str, **overrides: str) -> dict[str, str]:
    form = officer_client.get(f"/en/recommendations/assessments/{slug}/edit/").context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["visibility"] = "private"
    data.update(overrides)
    return data


def test_a_body_completes_its_assessment_and_sees_its_radar(catalogue, officer, public_body, client_for):
    client = client_for(officer)
    recs = {r.slug: r.pk for r in Recommendation.objects.all()}
    data = _form_data(
        client,
        public_body.slug,
        **{
            f"rating_{recs['adopt-a-govtech-strategy']}": "implemented",
            f"evidence_{recs['adopt-a-govtech-strategy']}": "https://example.gov.co/estrategia",
            f"note_{recs['adopt-a-govtech-strategy']}": "Aprobada en 2025",
            f"rating_{recs['use-phased-contracts']}": "in_progress",
            f"rating_{recs['map-the-supply']}": "not_applicable",
        },
    )
    response = client.post(f"/en/recommendations/assessments/{public_body.slug}/edit/", data)
    assert response.status_code == 302
    assessment = Assessment.objects.get(organisation=public_body)
    # line 1: 1 implemented of 10 → 10.0; line 2: 2/3 of 10 → 6.7; line 3: 0 of 9 (one N/A) → 0.0
    assert assessment.line_scores == {"1": 10.0, "2": 6.7, "3": 0.0}
    assert assessment.overall_score == round(100 * (1 + 2 / 3) / 29, 1)

    page = client.get(f"/en/recommendations/assessments/{public_body.slug}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<svg class="portal-chart"' in html
    assert 'role="img"' in html
    assert "<title id=" in html
    assert "<desc id=" in html
    assert "10.0" in html
    assert "6.7" in html
    assert "https://example.gov.co/estrategia" in html


def test_each_save_keeps_a_snapshot_for_the_history(catalogue, officer, public_body, client_for):
    rec = Recommendation.objects.get(slug="adopt-a-govtech-strategy")
    assessment_save(
        actor=officer, organisation=public_body, ratings={rec.pk: RatingInput("planned")}, visibility="private"
    )
    assessment_save(
        actor=officer, organisation=public_body, ratings={rec.pk: RatingInput("implemented")}, visibility="published"
    )
    snapshots = list(AssessmentSnapshot.objects.filter(assessment__organisation=public_body).order_by("taken_at"))
    assert [s.ratings[rec.slug] for s in snapshots] == ["planned", "implemented"]
    assert snapshots[0].line_scores["1"] < snapshots[1].line_scores["1"]
    page = client_for(officer).get(f"/en/recommendations/assessments/{public_body.slug}/")
    assert 'id="history-title"' in page.content.decode()  # the history is drawn as a line too


@pytest.mark.parametrize("persona_name", ["evaluator", "supplier_owner", "outsider", "editor", "admin"])
def test_only_the_bodys_officers_and_approvers_assess(catalogue, public_body, persona, persona_name):
    rec = Recommendation.objects.first()
    with pytest.raises(NotAllowed):
        assessment_save(
            actor=persona(persona_name),
            organisation=public_body,
            ratings={rec.pk: RatingInput("planned")},
            visibility="private",
        )


def test_an_approver_may_assess(catalogue, approver, public_body):
    rec = Recommendation.objects.first()
    assessment = assessment_save(
        actor=approver, organisation=public_body, ratings={rec.pk: RatingInput("planned")}, visibility="private"
    )
    assert assessment.items.count() == 1


def test_an_officer_of_another_body_cannot_assess_this_one(catalogue, officer, client_for):
    from tests.accounts.factories import PublicBodyOrganisationFactory

    other = PublicBodyOrganisationFactory()
    assert client_for(officer).get(f"/en/recommendations/assessments/{other.slug}/edit/").status_code == 403


def test_a_private_assessment_is_invisible_to_others(catalogue, officer, evaluator, outsider, public_body, client_for):
    rec = Recommendation.objects.first()
    assessment_save(
        actor=officer, organisation=public_body, ratings={rec.pk: RatingInput("planned")}, visibility="private"
    )
    url = f"/en/recommendations/assessments/{public_body.slug}/"
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 404
    assert client_for(outsider).get(f"/api/v1/assessments/{public_body.slug}/").status_code == 404
    assert client_for(evaluator).get(url).status_code == 200  # members of the body see it
    assert public_body.name not in client_for(outsider).get("/en/recommendations/assessments/").content.decode()


def test_a_published_assessment_is_compared_with_others_and_the_caf_index(catalogue, officer, public_body, client):
    from tests.accounts.factories import PublicBodyOrganisationFactory

    rec = Recommendation.objects.get(slug="adopt-a-govtech-strategy")
    assessment_save(
        actor=officer, organisation=public_body, ratings={rec.pk: RatingInput("implemented")}, visibility="published"
    )
    other = PublicBodyOrganisationFactory(country="BR")
    Assessment.objects.create(
        organisation=other, visibility="published", overall_score=40.0, line_scores={"1": 40.0, "2": 40.0, "3": 40.0}
    )
    index = client.get("/en/recommendations/assessments/").content.decode()
    assert public_body.name in index
    assert other.name in index
    assert "5.0" in index
    assert "5.2" in index
    detail = client.get(f"/en/recommendations/assessments/{public_body.slug}/")
    assert detail.context["has_comparison"] is True
    assert "portal-radar-compare" in detail.content.decode()
    assert detail.context["line_rows"][0][2] == 40.0  # the average of the other published bodies
    chosen = client.get(f"/en/recommendations/assessments/{public_body.slug}/?compare={other.slug}")
    assert chosen.context["comparison_label"] == other.name


def test_bad_evidence_links_get_a_field_error_and_nothing_is_saved(catalogue, officer, public_body, client_for):
    client = client_for(officer)
    rec = Recommendation.objects.first()
    data = _form_data(client, public_body.slug, **{f"evidence_{rec.pk}": "javascript:alert(1)"})
    response = client.post(f"/en/recommendations/assessments/{public_body.slug}/edit/", data)
    assert response.status_code == 400
    assert f"evidence_{rec.pk}" in response.context["form"].errors
    assert not Assessment.objects.filter(organisation=public_body).exists()


def test_the_service_refuses_script_addresses_as_evidence(catalogue, officer, public_body):
    from govtech.core.errors import ApplicationError

    rec = Recommendation.objects.first()
    with pytest.raises(ApplicationError) as exc:
        assessment_save(
            actor=officer,
            organisation=public_body,
            visibility="private",
            ratings={rec.pk: RatingInput("planned", evidence_links=["javascript:alert(1)"])},
        )
    assert exc.value.field == f"evidence_{rec.pk}"
