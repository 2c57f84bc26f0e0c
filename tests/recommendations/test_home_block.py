from __future__ import annotations


def test_the_home_page_links_the_catalogue_for_everyone(catalogue, client):
    html = client.get("/en/").content.decode()
    assert "30 recommendations in three lines of action" in html
    assert "/en/recommendations/dashboard/" in html
    assert "/en/recommendations/curation/" not in html


def test_officers_get_their_bodys_assessment_and_curators_the_review_queue(
    catalogue, officer, public_body, editor, client_for
):
    assert f"/en/recommendations/assessments/{public_body.slug}/" in client_for(officer).get("/en/").content.decode()
    assert "Curation (0 in review)" in client_for(editor).get("/en/").content.decode()
