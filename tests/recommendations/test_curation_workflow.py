"""Editors draft, publishers publish; the public only ever sees the published version."""

from __future__ import annotations

from typing import Any

import pytest

from govtech.audit.models import AuditEvent
from govtech.core.errors import InvalidTransition, NotAllowed
from recommendations.lifecycle import RECOMMENDATION
from recommendations.models import Recommendation
from recommendations.services.catalogue import (
    recommendation_restore,
    recommendation_save_draft,
    recommendation_transition,
)

Status = Recommendation.Status
PT_TITLE = "Dados abertos, APIs e sandboxes para startups"


def _edit_pt(client: Any, slug: str, title: str = PT_TITLE) -> Any:
    page = client.get(f"/pt-br/recommendations/curation/{slug}/edit/?lang=pt-br")
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(title=title, note="Título revisado em português")
    return client.post(f"/pt-br/recommendations/curation/{slug}/edit/?lang=pt-br", data)


def test_it_runs_the_whole_workflow_from_portuguese_edit_to_restore(recommendation, admin, publisher, client_for):
    slug = recommendation.slug
    old_title = recommendation.published_version.content["title"]["pt-br"]
    editor_client = client_for(admin)

    response = _edit_pt(editor_client, slug)
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == Status.DRAFT
    assert recommendation.latest_version.number == 2
    assert recommendation.published_version.number == 1
    public = client_for(None)
    assert old_title in public.get(f"/pt-br/recommendations/{slug}/").content.decode()
    assert PT_TITLE not in public.get(f"/pt-br/recommendations/{slug}/").content.decode()

    preview = editor_client.get(f"/pt-br/recommendations/curation/{slug}/preview/")
    assert preview.context["preview"] is True
    assert PT_TITLE in preview.content.decode()

    assert editor_client.post(f"/pt-br/recommendations/curation/{slug}/status/", {"to": "in_review"}).status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == Status.IN_REVIEW

    assert (
        client_for(publisher).post(f"/pt-br/recommendations/curation/{slug}/status/", {"to": "published"}).status_code
        == 302
    )
    recommendation.refresh_from_db()
    assert recommendation.status == Status.PUBLISHED
    assert recommendation.published_version.number == 2

    page = public.get(f"/pt-br/recommendations/{slug}/").content.decode()
    assert PT_TITLE in page
    assert "Versão 2" in page or "Version 2" in page  # the history lists both published versions
    assert "Versão 1" in page or "Version 1" in page

    restore = editor_client.post(f"/pt-br/recommendations/curation/{slug}/versions/1/restore/")
    assert restore.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.latest_version.number == 3
    assert recommendation.latest_version.restored_from.number == 1
    assert recommendation.latest_version.content == recommendation.versions.get(number=1).content
    assert recommendation.published_version.number == 2  # restoring makes a draft; publishing is a separate step
    verbs = set(AuditEvent.objects.for_target(recommendation).values_list("verb", flat=True))
    assert {
        "recommendation.edited",
        "recommendation.in_review",
        "recommendation.published",
        "recommendation.restored",
    } <= verbs


def test_it_refuses_publication_by_an_editor(recommendation, editor):
    recommendation_save_draft(
        actor=editor,
        recommendation=recommendation,
        content={**recommendation.latest_version.content, "tags": ["nuevo"]},
    )
    recommendation_transition(actor=editor, recommendation=recommendation, to=Status.IN_REVIEW)
    with pytest.raises(NotAllowed):
        recommendation_transition(actor=editor, recommendation=recommendation, to=Status.PUBLISHED)


def test_it_refuses_drafting_by_a_publisher(recommendation, publisher):
    with pytest.raises(NotAllowed):
        recommendation_save_draft(
            actor=publisher,
            recommendation=recommendation,
            content={**recommendation.latest_version.content, "tags": ["x"]},
        )


@pytest.mark.parametrize("persona_name", ["auditor", "officer", "supplier_owner", "outsider"])
def test_it_refuses_edits_from_anyone_but_editors(recommendation, persona, persona_name):
    with pytest.raises(NotAllowed):
        recommendation_save_draft(
            actor=persona(persona_name),
            recommendation=recommendation,
            content={**recommendation.latest_version.content, "tags": ["x"]},
        )


ILLEGAL = [(old, new) for old in Status.values for new in Status.values if not RECOMMENDATION.allows(old, new)]


@pytest.mark.parametrize(("old", "new"), ILLEGAL)
def test_it_refuses_every_illegal_transition(recommendation, admin, old, new):
    Recommendation.objects.filter(pk=recommendation.pk).update(status=old)
    with pytest.raises(InvalidTransition):
        recommendation_transition(actor=admin, recommendation=recommendation, to=new)


def test_it_refuses_to_save_a_version_without_changes(recommendation, editor):
    from govtech.core.errors import ApplicationError

    with pytest.raises(ApplicationError):
        recommendation_save_draft(
            actor=editor, recommendation=recommendation, content=recommendation.latest_version.content
        )
    assert recommendation.versions.count() == 1


def test_the_edit_form_shows_field_errors_and_saves_nothing(recommendation, editor, client_for):
    client = client_for(editor)
    url = f"/en/recommendations/curation/{recommendation.slug}/edit/?lang=en"
    response = client.post(url, {"title": "x" * 300, "sources": "A source | notaurl"})
    assert response.status_code == 400
    assert response.context["form"].errors.keys() >= {"title", "sources"}
    assert recommendation.versions.count() == 1


def test_it_archives_and_hides_a_recommendation_then_reopens_it(recommendation, publisher, editor, client):
    recommendation_transition(actor=publisher, recommendation=recommendation, to=Status.ARCHIVED)
    assert client.get(f"/es/recommendations/{recommendation.slug}/").status_code == 404
    recommendation_transition(actor=editor, recommendation=recommendation, to=Status.DRAFT)
    recommendation.refresh_from_db()
    assert recommendation.status == Status.DRAFT
    # a draft with a published version keeps showing the published one
    assert client.get(f"/es/recommendations/{recommendation.slug}/").status_code == 200


def test_a_never_published_draft_is_hidden_from_the_public(db, editor, client, client_for):
    from recommendations.services.catalogue import recommendation_create
    from tests.recommendations.factories import LineOfActionFactory, content

    rec = recommendation_create(
        actor=editor, line=LineOfActionFactory(), slug="borrador-nuevo", content=content("Borrador")
    )
    assert client.get("/es/recommendations/borrador-nuevo/").status_code == 404
    assert client.get(f"/es/recommendations/n/{rec.number}/").status_code == 404
    assert client_for(editor).get("/es/recommendations/curation/borrador-nuevo/preview/").status_code == 200


def test_restore_by_a_publisher_is_refused(recommendation, publisher):
    with pytest.raises(NotAllowed):
        recommendation_restore(actor=publisher, recommendation=recommendation, version=recommendation.latest_version)


def test_a_save_based_on_an_old_version_is_refused_instead_of_overwriting(recommendation, editor, admin, client_for):
    first = client_for(editor)
    url = f"/en/recommendations/curation/{recommendation.slug}/edit/?lang=es"
    form = first.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    assert data["base_version"] == 1
    recommendation_save_draft(
        actor=admin,
        recommendation=recommendation,
        content={**recommendation.latest_version.content, "tags": ["otra-persona"]},
    )
    response = first.post(url, {**data, "title": "Mi cambio"})
    assert response.status_code == 400
    assert "Someone saved version 2" in " ".join(response.context["form"].non_field_errors())
    assert recommendation.versions.count() == 2


def test_the_curation_index_filters_the_review_queue(recommendation, editor, publisher, client_for):
    recommendation_save_draft(
        actor=editor,
        recommendation=recommendation,
        content={**recommendation.latest_version.content, "tags": ["revisar"]},
    )
    recommendation_transition(actor=editor, recommendation=recommendation, to=Status.IN_REVIEW)
    page = client_for(publisher).get("/en/recommendations/curation/?status=in_review")
    shown = [rec.slug for _line, recs in page.context["lines"] for rec in recs]
    assert shown == [recommendation.slug]
    assert client_for(publisher).get("/en/recommendations/curation/?status=bogus").context["status"] == ""
