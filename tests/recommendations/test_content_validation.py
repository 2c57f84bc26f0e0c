from __future__ import annotations

import pytest

from govtech.core.errors import ApplicationError
from recommendations.content import content_clean
from tests.recommendations.factories import content


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": {"es": "", "en": ""}}, "title"),
        ({"summary": {"es": "", "pt-br": ""}}, "summary"),
        ({"title": {"fr": "Bonjour"}}, "title"),
        ({"body": {"es": "x" * 8001}}, "body"),
        ({"actors": "not a mapping"}, "actors"),
        ({"tags": "a,b"}, "tags"),
        ({"tags": [f"t{i}" for i in range(13)]}, "tags"),
        ({"sources": [{"title": "", "url": ""}]}, "sources"),
        ({"sources": [{"title": "x", "url": "javascript:alert(1)"}]}, "sources"),
    ],
)
def test_it_names_the_field_that_is_wrong(change, field):
    data = content("Título")
    data.update(change)
    with pytest.raises(ApplicationError) as exc:
        content_clean(data)
    assert exc.value.field == field


def test_it_normalises_languages_tags_and_whitespace():
    clean = content_clean(content("  Título  ", tags=["Datos", "datos", " API "]))
    assert clean["title"] == {"es": "Título", "pt-br": "", "en": ""}
    assert clean["tags"] == ["datos", "api"]
