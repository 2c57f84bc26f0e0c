"""Pages keep a fixed number of queries however many recommendations there are."""

from __future__ import annotations


def test_public_pages_use_a_bounded_number_of_queries(catalogue, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        assert client.get("/es/recommendations/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/es/recommendations/pay-for-pilots-and-plan-scale/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/es/recommendations/instruments/").status_code == 200
    # A fixed number per live indicator (its values, and its trend once per year of data), none per row:
    # 15 live indicators since procurement (calls, applications, awards, red flags) and startups provide theirs;
    # the SME shares and time to contract read the imported processes' summaries in one more query each (+3).
    with django_assert_max_num_queries(36):
        assert client.get("/es/recommendations/dashboard/").status_code == 200


def test_the_curation_index_and_the_assessment_form_too(
    catalogue, editor, officer, public_body, client_for, django_assert_max_num_queries
):
    editor_client, officer_client = client_for(editor), client_for(officer)
    with django_assert_max_num_queries(12):
        assert editor_client.get("/es/recommendations/curation/").status_code == 200
    with django_assert_max_num_queries(14):
        assert officer_client.get(f"/es/recommendations/assessments/{public_body.slug}/edit/").status_code == 200
