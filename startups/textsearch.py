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

from django.contrib.postgres.search import SearchQuery
from django.db.models import Q

from govtech.core.text import fold, text_query, weighted_vector

__all__ = ["LANGUAGE_CONFIGS", "fold", "search_filter", "search_queries", "text_query", "weighted_vector"]

# (vector field on Supplier, PostgreSQL text search configuration)
LANGUAGE_CONFIGS = (("search_es", "spanish"), ("search_pt", "portuguese"), ("search_en", "english"))


def search_filter(query: str) -> Q:
    """A filter matching ``query`` (folded) in any of the three language vectors."""
    condition = Q()
    for field, prepared in search_queries(query):
        condition |= Q(**{field: prepared})
    return condition


def search_queries(query: str) -> list[tuple[str, SearchQuery]]:
    return [(field, text_query(query, config)) for field, config in LANGUAGE_CONFIGS]
