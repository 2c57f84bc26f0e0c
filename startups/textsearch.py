"""Full-text search helpers: accent folding in Python, one stored vector per language.

The embedded PostgreSQL has no ``unaccent`` extension, so accents are folded in Python
(``govtech.core.text.fold``),
identically before indexing and before querying: "educação" and "educacao" both
become "educacao", and then each language configuration stems the folded words. For the
Portuguese and Spanish configurations the accents their stemmers need are put back on unambiguous
endings first (``search_text``), so that "soluções", "solucoes" and "solução" share one stem; a
query also matches the plain folded form, which is what vectors built before that change hold.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQueryField
from django.db.models import F, Func, Q

from govtech.core.text import Matches, Tsquery, fold, text_query, weighted_vector
from startups import vocabulary
from startups.models import Supplier

__all__ = [
    "EXPANDED_WEIGHT",
    "LANGUAGE_CONFIGS",
    "card_words",
    "expanded_queries",
    "fold",
    "matched_in",
    "matched_through",
    "search_filter",
    "search_queries",
    "text_query",
    "weighted_vector",
]

# (vector field on Supplier, PostgreSQL text search configuration)
LANGUAGE_CONFIGS = (("search_es", "spanish"), ("search_pt", "portuguese"), ("search_en", "english"))
_LANGUAGE_OF = {"spanish": "es", "portuguese": "pt", "english": "en"}
# A profile found only through another language's (or a synonym's) words ranks below one with the query's own words.
EXPANDED_WEIGHT = 0.5


def search_filter(query: str) -> Q:
    """A filter matching ``query`` (folded) in any of the three language vectors, directly or through the shared
    vocabulary (``startups.vocabulary``): "ciberseguridad" finds a profile written in English about cybersecurity."""
    # One ``vector @@ (own || expanded)`` per vector, each exactly what its GIN index (``supplier_search_*``) answers.
    combined: dict[str, Tsquery] = dict(search_queries(query))
    for field, match, _rank in expanded_queries(query):
        combined[field] = combined[field] | match
    condition = Q()
    for field, prepared in combined.items():
        condition |= Q(Matches(F(field), _DistinctLexemes(prepared)))
    return condition


class _DistinctLexemes(Func):
    """The query with each lexeme of a top-level OR named once (migration ``0007_tsquery_distinct``): folded by the
    planner before it estimates the matches, which repeats made it overestimate into a sequential scan (#19)."""

    function = "govtech_tsquery_distinct"
    output_field = SearchQueryField()


def card_words(supplier: Supplier) -> str:
    """The distinct folded words of what a profile's card can have matched (names, pitches, descriptions, sectors),
    kept with its card (``fragments.cached_rows``) so a search's note does not read and fold the profile again (the
    note asks which words a text holds, never in what order)."""
    texts = [supplier.legal_name, supplier.trade_name, supplier.pitch_es, supplier.pitch_pt, supplier.pitch_en]
    texts += [supplier.description_es, supplier.description_pt, supplier.description_en]
    texts += [f"{s.name_es} {s.name_pt} {s.name_en}" for s in supplier.sectors.all()]
    return " ".join(sorted(set(vocabulary.words(" ".join(t for t in texts if t)))))


def matched_in(words: str, query: str) -> list[tuple[str, str]]:
    """What a profile whose ``card_words`` are ``words`` matched in another language or through a synonym:
    ``[("cybersecurity", "ciberseguridad")]``; empty when it holds the query's own words (or there is no query)."""
    if not fold(query).strip():
        return []
    expansion = vocabulary.expand(query.strip())
    if not expansion.translated:  # nothing can have matched through another name
        return []
    text_words = words.split()
    own = set(text_words)
    if all(w in own for w in vocabulary.words(query)):
        return []
    for language in vocabulary.LANGUAGES:
        found = expansion.explain_words(text_words, language)
        if found:
            return found
    return []


def matched_through(supplier: Supplier, query: str) -> list[tuple[str, str]]:
    """``matched_in`` for a profile read from the database."""
    if not fold(query).strip() or not vocabulary.expand(query.strip()).translated:  # the text is not read
        return []
    return matched_in(card_words(supplier), query)


def expanded_queries(query: str) -> list[tuple[str, Tsquery, Tsquery]]:
    """(vector field, match query, rank query) of the query's expansion into each language."""
    expansion = vocabulary.expand(query.strip())
    found = []
    for field, config in LANGUAGE_CONFIGS:
        prepared = expansion.tsquery(_LANGUAGE_OF[config])
        if prepared is not None:
            match, rank = (Tsquery.parse(raw, config, "raw") for raw in prepared)
            found.append((field, match, rank))
    return found


def search_queries(query: str) -> list[tuple[str, Tsquery]]:
    return [(field, text_query(query, config)) for field, config in LANGUAGE_CONFIGS]
