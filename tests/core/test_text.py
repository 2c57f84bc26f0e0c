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


def _sql(qs: object) -> tuple[str, tuple[object, ...]]:
    sql, params = qs.query.get_compiler("default").as_sql()  # type: ignore[attr-defined]
    return sql, tuple(params)


@pytest.mark.django_db
def test_a_tsquery_leaf_writes_the_sql_djangos_search_query_writes() -> None:
    """The search's flat queries (#19) are the SQL Django's ``SearchQuery`` tree gives, so matches and ranks do not
    change: parsed in websearch syntax or raw, OR-ed, compared with a vector (as the lookup writes it), ranked."""
    from django.contrib.postgres.search import SearchQuery, SearchRank
    from django.db.models import F, Q

    from govtech.core.text import Matches, Tsquery
    from procurement.calls.models import Call

    django_query = SearchQuery("agua potable", config="spanish", search_type="websearch") | SearchQuery(
        "'agua' | 'water'", config="english", search_type="raw"
    )
    leaf = Tsquery.parse("agua potable", "spanish") | Tsquery.parse("'agua' | 'water'", "english", "raw")
    theirs = Call.objects.filter(Q(search_vector=django_query)).annotate(r=SearchRank(F("search_vector"), django_query))
    ours = Call.objects.filter(Q(Matches(F("search_vector"), leaf))).annotate(r=SearchRank(F("search_vector"), leaf))
    assert _sql(ours) == _sql(theirs)
    single = Call.objects.filter(Matches(F("search_vector"), Tsquery.parse("agua", "spanish")))
    assert _sql(single) == _sql(
        Call.objects.filter(search_vector=SearchQuery("agua", config="spanish", search_type="websearch"))
    )


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["'; DROP TABLE x; --", "100%", "a\\b", '"x" OR -y', "agua & | !"])
def test_what_a_visitor_types_reaches_postgresql_as_a_parameter(text: str) -> None:
    from django.db.models import F

    from govtech.core.text import Matches, Tsquery, text_query
    from procurement.calls.models import Call

    sql, params = _sql(Call.objects.filter(Matches(F("search_vector"), text_query(text, "spanish"))))
    assert text not in sql
    assert fold(text) in params  # folded, as every search is
    assert list(Call.objects.filter(Matches(F("search_vector"), text_query(text, "spanish")))) == []
    with pytest.raises(TypeError, match="combines with another Tsquery"):
        Tsquery.parse(text, "spanish") | "agua"  # type: ignore[operator]


@pytest.mark.django_db
def test_a_rank_leaf_writes_the_sum_djangos_search_rank_case_and_plus_write() -> None:
    """``Rank`` (one expression for a search's six ranked terms, #19) is the SQL of the tree it replaces: plain
    terms, a weighted one, terms counted only for rows in one language, and the ``COALESCE`` a call's rank has."""
    import re

    from django.contrib.postgres.search import SearchRank
    from django.db.models import Case, F, FloatField, Value, When
    from django.db.models.functions import Coalesce

    from govtech.core.text import Rank, RankTerm, Tsquery
    from procurement.calls.models import Call

    own, other = Tsquery.parse("agua", "spanish"), Tsquery.parse("'water'", "english", "raw")
    theirs = Coalesce(
        SearchRank(F("search_vector"), own)
        + Case(When(language="en", then=SearchRank(F("search_vector"), other) * Value(0.5)), default=Value(0.0))
        + Case(When(language="pt", then=SearchRank(F("search_vector"), own)), default=Value(0.0)),
        Value(0.0),
        output_field=FloatField(),
    )
    ours = Rank(
        [
            RankTerm("search_vector", own),
            RankTerm("search_vector", other, 0.5, "en"),
            RankTerm("search_vector", own, language="pt"),
        ],
        coalesce=True,
    )
    their_sql = _sql(Call.objects.annotate(rank=theirs).order_by("-rank"))
    our_sql = _sql(Call.objects.annotate(rank=ours).order_by("-rank"))
    assert our_sql[1] == their_sql[1]
    unwrapped = re.sub(r"CASE WHEN \(([^()]+)\)", r"CASE WHEN \1", our_sql[0])  # Django's SELECT omits them
    assert unwrapped == their_sql[0]
    with pytest.raises(ValueError, match="at least one term"):
        Rank([])


def test_folding_drops_exactly_the_combining_marks_of_every_character() -> None:
    """The translation table folds as testing each character did, over every code point (#19)."""
    import unicodedata

    def by_character(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text)
        return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()

    characters = "".join(chr(code) for code in range(0x80, 0x110000) if not 0xD800 <= code <= 0xDFFF)
    for start in range(0, len(characters), 4096):
        chunk = "é" + characters[start : start + 4096]
        assert fold(chunk) == by_character(chunk), start
    from govtech.core.text import _COMBINING_MARKS

    assert len(_COMBINING_MARKS) <= _COMBINING_MARKS.KEPT  # bounded, whatever the texts
