"""Every persona on every page and endpoint of the recommendations app."""

from __future__ import annotations

import pytest

from recommendations.models import Assessment
from tests.conftest import PERSONAS

SLUG = "open-data-apis-and-sandboxes"
PUBLIC_PAGES = [
    "/es/",  # the home page carries the recommendations block
    "/es/recommendations/",
    f"/es/recommendations/{SLUG}/",
    "/es/recommendations/instruments/",
    "/es/recommendations/instruments/cpsi-brazil/",
    "/es/recommendations/assessments/",
    "/es/recommendations/dashboard/",
    "/es/recommendations/dashboard/indicators.csv",
    "/api/v1/recommendations/",
    f"/api/v1/recommendations/{SLUG}/",
    "/api/v1/instruments/",
    "/api/v1/instruments/cpsi-brazil/",
    "/api/v1/indicators/",
    "/api/v1/indicators/suppliers_by_country/",
    "/api/v1/assessments/",
]
CURATION_PAGES = [
    "/es/recommendations/curation/",
    f"/es/recommendations/curation/{SLUG}/",
    f"/es/recommendations/curation/{SLUG}/preview/",
    f"/es/recommendations/curation/{SLUG}/versions/1/changes/",
]
EDITOR_PAGES = [
    "/es/recommendations/curation/new/",
    f"/es/recommendations/curation/{SLUG}/edit/?lang=pt-br",
]
CURATORS = {"admin", "editor", "publisher", "auditor"}
EDITORS = {"admin", "editor"}
PUBLISHERS = {"admin", "publisher"}
ASSESSORS = {"officer", "approver"}
MEMBERS_OF_BODY = {"officer", "approver", "evaluator"}


@pytest.mark.parametrize("name", PERSONAS)
def test_public_pages_answer_everyone(catalogue, persona, client_for, name):
    client = client_for(persona(name))
    for url in PUBLIC_PAGES:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("name", PERSONAS)
def test_curation_pages_are_for_curators_only(catalogue, persona, client_for, name):
    client = client_for(persona(name))
    for url in CURATION_PAGES:
        status = client.get(url).status_code
        if name == "anonymous":
            assert status == 302, url  # to the log-in page
        else:
            assert status == (200 if name in CURATORS else 403), url
    for url in EDITOR_PAGES:
        status = client.get(url).status_code
        if name != "anonymous":
            assert status == (200 if name in EDITORS else 403), url


@pytest.mark.parametrize("name", PERSONAS)
def test_workflow_actions_follow_the_roles(recommendation, persona, client_for, name):
    client = client_for(persona(name))
    slug = recommendation.slug
    recommendation.status = "in_review"
    recommendation.save()
    response = client.post(f"/es/recommendations/curation/{slug}/status/", {"to": "published"})
    recommendation.refresh_from_db()
    if name in PUBLISHERS:
        assert recommendation.status == "published"
    else:
        assert recommendation.status == "in_review"
        assert response.status_code in (302, 403)
        if name != "anonymous":
            assert response.status_code == 403
    restore = client.post(f"/es/recommendations/curation/{slug}/versions/1/restore/")
    expected_versions = 2 if name in EDITORS else 1
    assert recommendation.versions.count() == expected_versions
    if name not in EDITORS and name != "anonymous":
        assert restore.status_code == 403


@pytest.mark.parametrize("name", PERSONAS)
def test_assessment_pages_follow_membership_and_visibility(catalogue, public_body, persona, client_for, name):
    user = persona(name)
    client = client_for(user)
    Assessment.objects.create(organisation=public_body, visibility="private")
    detail = client.get(f"/es/recommendations/assessments/{public_body.slug}/").status_code
    assert detail == (200 if name in MEMBERS_OF_BODY else 404)
    edit = client.get(f"/es/recommendations/assessments/{public_body.slug}/edit/").status_code
    if name == "anonymous":
        assert edit == 302
    else:
        assert edit == (200 if name in ASSESSORS else 403)
    api = client.get(f"/api/v1/assessments/{public_body.slug}/").status_code
    assert api == (200 if name in MEMBERS_OF_BODY else 404)
    Assessment.objects.filter(organisation=public_body).update(visibility="published")
    assert client.get(f"/es/recommendations/assessments/{public_body.slug}/").status_code == 200


@pytest.mark.parametrize("name", PERSONAS)
def test_admin_pages_follow_the_roles(catalogue, persona, client_for, name):
    client = client_for(persona(name))
    status = client.get("/es/admin/recommendations/instrument/").status_code
    if name in CURATORS:
        assert status == 200
    else:
        assert status == 302  # the admin sends non-staff to its log-in
