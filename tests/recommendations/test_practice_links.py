"""Officers link their body's challenges and calls to the recommendations they put into practice."""

from __future__ import annotations

import pytest

from govtech.core.errors import ApplicationError, NotAllowed
from recommendations.models import PracticeLink
from recommendations.services.practice import practice_link_create, practice_link_delete

CALL = "https://movilidad.gov.co/retos/semaforos"


def test_an_officer_links_a_call_and_the_page_lists_it(recommendation, officer, public_body, client_for):
    client = client_for(officer)
    page = client.get(f"/en/recommendations/{recommendation.slug}/")
    assert page.context["link_form"] is not None
    response = client.post(
        f"/en/recommendations/{recommendation.slug}/practice/",
        {
            "organisation": public_body.pk,
            "kind": "call",
            "title": "Reto de semáforos inteligentes",
            "url": CALL,
        },
    )
    assert response.status_code == 302
    html = client_for(None).get(f"/en/recommendations/{recommendation.slug}/").content.decode()
    assert "Reto de semáforos inteligentes" in html
    assert CALL in html


@pytest.mark.parametrize("persona_name", ["evaluator", "supplier_owner", "outsider", "editor", "publisher"])
def test_only_officers_of_the_body_link(recommendation, public_body, persona, persona_name):
    with pytest.raises(NotAllowed):
        practice_link_create(
            actor=persona(persona_name),
            recommendation=recommendation,
            organisation=public_body,
            kind="call",
            title="x",
            url=CALL,
        )


def test_bad_links_get_field_errors(recommendation, officer, public_body, client_for):
    with pytest.raises(ApplicationError) as exc:
        practice_link_create(
            actor=officer,
            recommendation=recommendation,
            organisation=public_body,
            kind="call",
            title="x",
            url="javascript:alert(1)",
        )
    assert exc.value.field == "url"
    response = client_for(officer).post(
        f"/en/recommendations/{recommendation.slug}/practice/",
        {
            "organisation": public_body.pk,
            "kind": "call",
            "title": "",
            "url": "nope",
        },
    )
    assert response.status_code == 400
    assert set(response.context["link_form"].errors) >= {"title", "url"}
    assert not PracticeLink.objects.exists()


def test_people_without_a_body_cannot_post_links(recommendation, outsider, client_for):
    assert client_for(outsider).post(f"/en/recommendations/{recommendation.slug}/practice/", {}).status_code == 403
    assert client_for(None).post(f"/en/recommendations/{recommendation.slug}/practice/", {}).status_code == 302


def test_the_same_address_is_not_linked_twice_and_officers_can_remove_links(recommendation, officer, public_body):
    link = practice_link_create(
        actor=officer, recommendation=recommendation, organisation=public_body, kind="call", title="Reto", url=CALL
    )
    with pytest.raises(ApplicationError):
        practice_link_create(
            actor=officer, recommendation=recommendation, organisation=public_body, kind="call", title="Reto", url=CALL
        )
    practice_link_delete(actor=officer, link=link)
    assert not PracticeLink.objects.exists()
