from __future__ import annotations

from recommendations.diff import content_diff, text_diff
from tests.recommendations.factories import content


def test_it_marks_removed_and_added_words() -> None:
    segments = text_diff("comprar con rapidez", "comprar con agilidad")
    assert [(s.op, s.text) for s in segments] == [
        ("equal", "comprar con "),
        ("delete", "rapidez"),
        ("insert", "agilidad"),
    ]


def test_it_lists_only_the_fields_and_languages_that_changed() -> None:
    old = content("Uno")
    new = content("Uno", summary={"pt-br": "Resumo novo"}, tags=["prueba", "nueva"])
    changed = {(d.field, d.language) for d in content_diff(old, new)}
    assert changed == {("summary", "pt-br"), ("tags", "")}
