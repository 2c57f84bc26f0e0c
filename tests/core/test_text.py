"""The shared accent-folding function."""

from __future__ import annotations

import pytest

from govtech.core.text import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Educação", "educacao"),
        ("ÁRBOL Ñandú", "arbol nandu"),
        ("São Paulo", "sao paulo"),
        ("Straße", "strasse"),  # casefold, not lower
        ("ﬁnanças", "financas"),  # NFKD splits the ligature
        ("", ""),
        ("plain ascii 123", "plain ascii 123"),
    ],
)
def test_it_drops_accents_and_case(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_the_registry_search_folds_with_the_shared_function() -> None:
    from startups import textsearch

    assert textsearch.fold is fold
