from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from recommendations.models import Instrument, LineOfAction, Recommendation
from recommendations.services.loader import catalogue_load
from recommendations.translation import LANGUAGES

pytestmark = pytest.mark.django_db


def test_it_loads_three_lines_and_thirty_published_recommendations() -> None:
    result = catalogue_load()
    assert (result.lines, result.recommendations) == (3, 30)
    assert LineOfAction.objects.count() == 3
    assert Recommendation.objects.published().count() == 30
    assert sorted(Recommendation.objects.values_list("number", flat=True)) == list(range(1, 31))
    assert Instrument.objects.published().count() == result.instruments > 15


def test_it_ships_every_text_in_the_three_languages() -> None:
    catalogue_load()
    for rec in Recommendation.objects.with_content():
        content = rec.published_version.content
        for field in ("title", "summary", "body", "actors", "evidence", "indicators"):
            assert all(content[field][code] for code in LANGUAGES), (rec.slug, field)
        assert content["sources"], rec.slug


def test_it_creates_nothing_new_when_run_twice() -> None:
    catalogue_load()
    again = catalogue_load()
    assert (again.lines, again.recommendations, again.instruments, again.updated) == (0, 0, 0, 0)
    assert Recommendation.objects.count() == 30


def test_the_command_is_idempotent_and_update_needs_an_author() -> None:
    out = StringIO()
    call_command("load_recommendations", stdout=out)
    call_command("load_recommendations", stdout=out)
    assert "0 lines, 0 recommendations" in out.getvalue()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("load_recommendations", "--update")


def test_it_links_recommendations_to_their_instruments() -> None:
    catalogue_load()
    rec = Recommendation.objects.get(slug="pay-for-pilots-and-plan-scale")
    assert "cpsi-brazil" in set(rec.instruments.values_list("slug", flat=True))


def test_the_catalogue_page_says_what_the_catalogue_is(client) -> None:  # type: ignore[no-untyped-def]
    catalogue_load()
    page = client.get("/en/recommendations/").content.decode()
    assert (
        "A starting catalogue based on the report&#x27;s lines of action; editors curate it against the original."
        in page
    )
    assert page.count('href="/en/recommendations/') >= 30


def test_an_editors_replacement_file_becomes_draft_versions_for_review(editor, tmp_path) -> None:
    import json

    from recommendations.services.loader import CATALOGUE_FILE

    catalogue_load()
    data = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    data["recommendations"][0]["content"]["title"]["en"] = "Adopt a funded govtech strategy"
    replacement = tmp_path / "catalogue.json"
    replacement.write_text(json.dumps(data), encoding="utf-8")
    out = StringIO()
    call_command("load_recommendations", "--file", str(replacement), "--update", "--as", editor.email, stdout=out)
    assert "1 recommendations with a new draft version" in out.getvalue()
    rec = Recommendation.objects.with_content().get(slug=data["recommendations"][0]["slug"])
    assert rec.status == Recommendation.Status.DRAFT
    assert rec.latest_version.content["title"]["en"] == "Adopt a funded govtech strategy"
    assert rec.published_version.number == 1  # the public page waits for a publisher
    assert rec.latest_version.created_by == editor
