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


@pytest.mark.parametrize(
    ("word", "restored"),
    [
        ("inovacoes", "inovação"),
        ("inovacao", "inovação"),
        ("gestoes", "gestão"),
        ("cidadaos", "cidadão"),
        ("digitais", "digital"),
        ("confiaveis", "confiável"),
        ("eficiencias", "eficiência"),
        ("escola", "escola"),  # nothing to restore
        ("nao", "nao"),  # too short to be sure
    ],
)
def test_portuguese_endings_get_their_accents_back_and_plurals_become_singular(word: str, restored: str) -> None:
    from govtech.core.text import portuguese_singular

    assert portuguese_singular(word) == restored


def test_search_text_restores_portuguese_endings_only_for_the_portuguese_configuration() -> None:
    from govtech.core.text import search_text

    assert search_text("Soluções digitais", "portuguese") == "solução digital"
    assert search_text("Soluções digitais", "spanish") == "solucoes digitais"


def test_search_text_restores_the_accent_of_spanish_cion_endings_for_postgresql() -> None:
    from govtech.core.text import search_text

    assert search_text("Innovacion y decisión", "spanish") == "innovación y decisión"
    assert search_text("Innovaciones", "spanish") == "innovaciones"  # the plural stems well folded
    assert search_text("Innovacion", "english") == "innovacion"
