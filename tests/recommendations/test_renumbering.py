from __future__ import annotations

import pytest

from govtech.core.errors import ApplicationError, NotAllowed
from recommendations.models import Recommendation
from recommendations.services.catalogue import recommendation_move


def test_it_renumbers_and_shifts_the_others_keeping_slugs(catalogue, editor):
    rec = Recommendation.objects.get(number=30)
    recommendation_move(actor=editor, recommendation=rec, number=1)
    numbers = dict(Recommendation.objects.values_list("slug", "number"))
    assert numbers[rec.slug] == 1
    assert numbers["adopt-a-govtech-strategy"] == 2
    assert sorted(numbers.values()) == list(range(1, 31))


def test_old_numbers_redirect_to_the_stable_address(catalogue, editor, client):
    rec = Recommendation.objects.get(number=5)
    assert client.get("/es/recommendations/n/5/")["Location"] == f"/es/recommendations/{rec.slug}/"
    recommendation_move(actor=editor, recommendation=rec, number=7)
    # the slug address never changes
    assert client.get(f"/es/recommendations/{rec.slug}/").status_code == 200
    assert client.get("/es/recommendations/n/7/")["Location"] == f"/es/recommendations/{rec.slug}/"


def test_a_number_no_one_holds_any_more_redirects_to_its_last_holder(catalogue, client):
    from recommendations.models import NumberAlias

    rec = Recommendation.objects.get(number=12)
    NumberAlias.objects.create(number=99, recommendation=rec)
    assert client.get("/es/recommendations/n/99/")["Location"] == f"/es/recommendations/{rec.slug}/"
    assert client.get("/es/recommendations/n/98/").status_code == 404


def test_it_refuses_numbers_out_of_range(catalogue, editor):
    with pytest.raises(ApplicationError) as exc:
        recommendation_move(actor=editor, recommendation=Recommendation.objects.first(), number=99)
    assert exc.value.field == "number"


def test_only_editors_renumber(catalogue, publisher, client_for):
    with pytest.raises(NotAllowed):
        recommendation_move(actor=publisher, recommendation=Recommendation.objects.first(), number=2)
    rec = Recommendation.objects.get(number=3)
    assert (
        client_for(publisher).post(f"/es/recommendations/curation/{rec.slug}/move/", {"number": 1}).status_code == 403
    )


def test_an_editor_moves_a_recommendation_to_another_line_from_its_page(catalogue, editor, client_for):
    from recommendations.models import LineOfAction

    rec = Recommendation.objects.get(slug="map-the-supply")
    line1 = LineOfAction.objects.get(number=1)
    response = client_for(editor).post(
        f"/es/recommendations/curation/{rec.slug}/move/", {"number": 11, "line": line1.pk}
    )
    assert response.status_code == 302
    rec.refresh_from_db()
    assert (rec.number, rec.line.number) == (11, 1)
