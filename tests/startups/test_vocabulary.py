"""The shared es/pt/en search vocabulary and the bounded, cached query expansion (startups.vocabulary)."""

from __future__ import annotations

import json

from startups import vocabulary
from startups.reference_data import TECHNOLOGIES


def names(query: str, language: str) -> set[str]:
    return {n for s in vocabulary.expand(query).segments for n in s.names.get(language, ())}


def test_the_glossary_names_each_entry_in_the_three_languages() -> None:
    entries = json.loads(vocabulary.GLOSSARY.read_text(encoding="utf-8"))["entries"]
    assert len(entries) >= 80
    for entry in entries:
        assert all(entry[lang] and all(t.strip() for t in entry[lang]) for lang in ("en", "es", "pt")), entry


def test_ciberseguridad_expands_to_english_and_portuguese() -> None:
    assert "cybersecurity" in names("ciberseguridad", "en")
    assert "cibersegurança" in names("ciberseguridad", "pt")


def test_accents_case_and_plurals_do_not_matter() -> None:
    for query in ("firma electrónica", "FIRMA ELECTRONICA", "firmas electrónicas"):
        assert "e-signatures" in names(query, "en"), query


def test_portuguese_phrases_expand_to_spanish() -> None:
    assert "recolección de residuos" in names("coleta de lixo", "es")


def test_sectors_and_technologies_are_in_the_vocabulary() -> None:
    for _slug, en, es, _pt in TECHNOLOGIES:
        if "(" not in en:
            assert en in names(es, "en") or any(vocabulary.fold(en) == vocabulary.fold(n) for n in names(es, "en"))


def test_cpv_labels_give_words_the_glossary_lacks() -> None:
    assert "water" in names("agua", "en")  # aligned across the CPV 2008 labels
    assert "Seeds" in names("semillas", "en")  # a short CPV label as a whole


def test_untranslated_words_are_kept_out_of_the_match_but_count_in_the_rank() -> None:
    match, rank = vocabulary.expand("alumbrado público Zipaquirá").tsquery("en") or ("", "")
    assert "lighting" in match
    assert "zipaquira" not in match
    assert "zipaquira" in rank


def test_a_query_the_vocabulary_does_not_know_is_not_expanded() -> None:
    assert vocabulary.expand("xyzzy plugh").tsquery("en") is None


def test_the_expansion_is_bounded_and_cached() -> None:
    long_query = " ".join(["agua", "salud", "educación", "movilidad", "impuestos", "justicia"] * 4)
    expansion = vocabulary.expand(long_query)
    assert sum(len(s.text.split()) for s in expansion.segments) <= vocabulary.MAX_WORDS
    for segment in expansion.segments:
        for lang in vocabulary.LANGUAGES:
            assert len(expansion.alternatives(segment, lang)) <= vocabulary.MAX_ALTERNATIVES + 1
    assert vocabulary.expand(long_query) is expansion  # in-process cache


def test_explain_names_what_a_text_matched_in_another_language() -> None:
    expansion = vocabulary.expand("ciberseguridad")
    assert expansion.explain("Cybersecurity for the city council", "en") == [("cybersecurity", "ciberseguridad")]
    assert expansion.explain("Ciberseguridad municipal", "es") == []  # its own words: nothing to explain


def test_the_shipped_cpv_words_file_is_well_formed() -> None:
    data = json.loads(vocabulary.CPV_WORDS.read_text(encoding="utf-8"))
    assert len(data["words"]) > 1000
    assert all(len(entry) >= 2 for entry in data["words"])
