from __future__ import annotations

import pytest

from procurement.matching.corpus import MatchQuery, SupplierDocument
from procurement.matching.scoring import MatchIndex, title_copies_description
from procurement.matching.text import fold, tokens


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Mantenimiento de las sedes sin costo", "es", ["manten", "sed", "cost"]),
        ("Sensors for the detection of mines within ports", "en", ["sensor", "detect", "mine", "port"]),
        ("Manutenção das escolas pela prefeitura", "pt", ["manutenca", "escol", "prefeitur"]),
    ],
)
def test_function_words_are_dropped_in_each_language(text: str, language: str, expected: list[str]) -> None:
    assert tokens(text, language) == expected


@pytest.mark.parametrize(
    ("title", "description", "copied"),
    [
        ("MANTENIMIENTO RUTINARIO VÍAS; SECTOR …", "Mantenimiento rutinario vias; sector  Boyacá y Tunja", True),
        ("Road repair...", "Road repair and signage in the north district", True),
        ("Smart street lighting", "The city wants to cut the cost of street lighting", False),
        ("", "Anything", False),
    ],
)
def test_it_recognises_a_title_that_only_copies_the_description(title: str, description: str, copied: bool) -> None:
    assert title_copies_description(title, description) is copied


def test_a_copied_title_is_not_counted_again() -> None:
    index = MatchIndex([SupplierDocument(id="s", name="S", profile_text="vias")])
    copied = MatchQuery(title="Mantenimiento de vías …", description="Mantenimiento de vías en Boyacá")
    distinct = MatchQuery(title="Vías rurales", description="Mantenimiento en Boyacá")
    assert index.query_terms(copied) == ([], tokens("Mantenimiento de vías en Boyacá"))
    assert index.query_terms(distinct) == (tokens("Vías rurales"), tokens("Mantenimiento en Boyacá"))


def test_the_baseline_keeps_its_own_fixed_word_list() -> None:
    from procurement.matching.text import BASELINE_STOP_WORDS

    assert tokens("obras sin costo", "es") == ["obras", "cost"]
    assert tokens("obras sin costo", "es", BASELINE_STOP_WORDS) == ["obras", "sin", "cost"]


def test_a_rare_shared_word_outweighs_a_common_one_more_with_query_idf() -> None:
    from procurement.matching.scoring import Weights

    common = [SupplierDocument(id=f"c{i}", name="x", profile_text="mantenimiento general") for i in range(20)]
    suppliers = [
        SupplierDocument(id="rare", name="x", profile_text="puentes colgantes"),
        SupplierDocument(id="often", name="x", profile_text="mantenimiento mantenimiento de sedes"),
        *common,
    ]
    q = MatchQuery(title="Mantenimiento de puentes")
    plain = MatchIndex(suppliers, Weights(query_idf=0.0, phrases=0.0, name=0.0)).scores(q)[1]["profile_text"]
    rarity = MatchIndex(suppliers, Weights(query_idf=1.0, phrases=0.0, name=0.0)).scores(q)[1]["profile_text"]
    # the rare word's share of the top score grows when the query weights words by rarity too
    assert rarity[0] == 1.0
    assert rarity[1] < plain[1]


@pytest.mark.parametrize(
    ("singular", "plural"),
    [
        ("inovação", "inovacoes"),
        ("solução", "SOLUÇÕES"),
        ("licitacao", "licitações"),
        ("digital", "digitais"),
        ("confiável", "confiaveis"),
        ("cidadão", "cidadaos"),
        ("eficiência", "eficiencias"),
    ],
)
def test_portuguese_singular_and_plural_share_a_stem_with_or_without_accents(singular: str, plural: str) -> None:
    assert tokens(singular, "pt") == tokens(plural, "pt-br")
    assert tokens(singular, "pt") == tokens(fold(singular), "pt")


def test_a_portuguese_challenge_matches_a_supplier_that_wrote_the_plural() -> None:
    suppliers = [
        SupplierDocument(id="plural", name="A", profile_text="Soluções de inovação para licitações", language="pt"),
        SupplierDocument(id="other", name="B", profile_text="Limpeza de escolas", language="pt"),
    ]
    q = MatchQuery(title="Solucao para a licitacao", language="pt")
    assert MatchIndex(suppliers).rank_ids(q) == ["plural"]
