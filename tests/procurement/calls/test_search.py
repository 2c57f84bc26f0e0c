"""Full-text search of calls and challenges: stored weighted vectors, es/pt/en, accents folded."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import translation

from govtech.core import text
from procurement import search
from procurement.calls.models import Call
from procurement.calls.services import call_amend, call_create, call_update
from procurement.challenges.models import Challenge
from procurement.challenges.services import challenge_create
from procurement.matching import text as matching_text
from startups import textsearch
from tests.procurement.factories import call_data, make_call, make_challenge, make_indexed_call


def _titles(qs: Any) -> list[str]:
    return [c.title for c in qs.order_by("-rank", "pk")]


def test_there_is_one_fold_function_for_search_and_matching() -> None:
    assert textsearch.fold is text.fold
    assert matching_text.fold is text.fold
    assert text.fold("Educação Ñandú") == "educacao nandu"


def test_the_services_store_the_vector_when_a_call_is_created_updated_and_amended(
    officer: Any, public_body: Any
) -> None:
    call = call_create(body=public_body, actor=officer, **call_data(title="Alumbrado público"))
    assert search.text_search(Call.objects.all(), "alumbrado", viewer_language="es").filter(pk=call.pk).exists()
    call_update(call=call, actor=officer, title="Recolección de basuras")
    assert not search.text_search(Call.objects.all(), "alumbrado", viewer_language="es").exists()
    assert search.text_search(Call.objects.all(), "basuras", viewer_language="es").filter(pk=call.pk).exists()


def test_an_amended_summary_is_searchable(officer: Any, public_body: Any) -> None:
    call = make_indexed_call(public_body)
    call_amend(call=call, actor=officer, reason="Más alcance", summary="Incluye ciclovías")
    assert search.text_search(Call.objects.all(), "ciclovías", viewer_language="es").filter(pk=call.pk).exists()


def test_challenge_create_stores_the_vector(officer: Any, public_body: Any) -> None:
    challenge = challenge_create(body=public_body, actor=officer, title="Inundaciones", problem="Lluvias")
    assert search.text_search(Challenge.objects.all(), "inundaciones", viewer_language="es").get() == challenge


def test_accents_are_ignored_both_ways(public_body: Any) -> None:
    call = make_indexed_call(public_body, title="Educação conectada", language="pt")
    for query in ("educacao", "Educação", "EDUCACAO"):
        assert search.text_search(Call.objects.all(), query, viewer_language="pt").get() == call


def test_a_query_is_stemmed_in_the_calls_own_language_from_a_page_in_another(public_body: Any) -> None:
    spanish = make_indexed_call(public_body, title="Semáforos inteligentes", language="es")
    english = make_indexed_call(public_body, title="Smart traffic lights", summary="Lights", language="en")
    # "semaforo" (singular) matches "semáforos" through the Spanish stemmer, searched from English; the English
    # call comes after it, found through the shared vocabulary ("semáforos" -> "traffic lights").
    found = _titles(search.text_search(Call.objects.all(), "semaforo", viewer_language="en"))
    assert found == [spanish.title, english.title]
    # and the viewer's own language stems English: "light" finds "lights"
    assert _titles(search.text_search(Call.objects.all(), "light", viewer_language="en")) == [english.title]


def test_it_searches_with_the_active_language_when_none_is_given(public_body: Any) -> None:
    call = make_indexed_call(public_body, title="Ciudades conectadas", language="es")
    with translation.override("es"):
        assert search.text_search(Call.objects.all(), "conectada").get() == call


def test_the_title_weighs_more_than_the_summary(public_body: Any) -> None:
    in_summary = make_indexed_call(public_body, title="Otro asunto", summary="Sensores de agua potable")
    in_title = make_indexed_call(public_body, title="Sensores de ríos", summary="Otro asunto")
    ranked = _titles(search.text_search(Call.objects.all(), "sensores", viewer_language="es"))
    assert ranked == [in_title.title, in_summary.title]


def test_sectors_and_technologies_are_searchable_at_the_lowest_weight(public_body: Any) -> None:
    call = make_indexed_call(public_body, title="Otro", summary="Nada", technologies=["data-analytics"])
    assert search.text_search(Call.objects.all(), "analytics", viewer_language="en").get() == call


def test_an_empty_query_changes_nothing(public_body: Any) -> None:
    make_indexed_call(public_body)
    qs = Call.objects.all()
    assert search.text_search(qs, "   ") is qs


def test_reindex_procurement_rebuilds_every_vector(public_body: Any) -> None:
    call = make_call(public_body, title="Puentes peatonales")  # written without the services: no vector
    challenge = make_challenge(public_body, title="Puentes")
    Challenge.objects.filter(pk=challenge.pk).update(search_vector=None)
    assert not search.text_search(Call.objects.all(), "puentes", viewer_language="es").exists()
    out = io.StringIO()
    call_command("reindex_procurement", stdout=out)
    assert "reindexed 1 calls and 1 challenges" in out.getvalue()
    assert search.text_search(Call.objects.all(), "puentes", viewer_language="es").get() == call
    assert search.text_search(Challenge.objects.all(), "puente", viewer_language="es").get() == challenge


@pytest.mark.parametrize(
    ("language", "config"),
    [("es", "spanish"), ("pt-br", "portuguese"), ("en", "english"), ("fr", "spanish"), (None, "spanish")],
)
def test_each_language_has_its_configuration(language: str | None, config: str) -> None:
    assert search.config_for(language) == config


@pytest.mark.parametrize("query", ["inovações", "inovacao", "licitação", "licitacoes"])
def test_portuguese_calls_are_found_by_singular_and_plural_with_or_without_accents(
    public_body: Any, query: str
) -> None:
    call = make_indexed_call(public_body, title="Inovação nas licitações municipais", language="pt")
    make_indexed_call(public_body, title="Limpeza urbana", language="pt")
    for viewer in ("pt", "es"):  # the viewer's configuration or the call's own
        assert search.text_search(Call.objects.all(), query, viewer_language=viewer).get() == call


def test_a_portuguese_vector_built_before_the_endings_were_restored_still_matches(public_body: Any) -> None:
    from django.contrib.postgres.search import SearchVector
    from django.db.models import TextField, Value

    call = make_indexed_call(public_body, title="Inovação", language="pt")
    old = SearchVector(Value("inovacao", output_field=TextField()), config="portuguese", weight="A")
    Call.objects.filter(pk=call.pk).update(search_vector=old)  # as stored by the previous version
    assert search.text_search(Call.objects.all(), "inovação", viewer_language="pt").get() == call


@pytest.mark.parametrize("query", ["innovación", "innovacion", "innovaciones"])
def test_spanish_calls_are_found_by_cion_words_in_singular_and_plural(public_body: Any, query: str) -> None:
    call = make_indexed_call(public_body, title="Innovaciones en la gestión de residuos", language="es")
    make_indexed_call(public_body, title="Alumbrado público", language="es")
    assert search.text_search(Call.objects.all(), query, viewer_language="es").get() == call
