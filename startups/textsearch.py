"""Full-text search helpers: accent folding in Python, one stored vector per language.

The embedded PostgreSQL has no ``unaccent`` extension, so accents are folded in Python
(``govtech.core.text.fold``),
identically before indexing and before querying: "educação" and "educacao" both
become "educacao", and then each language configuration stems the folded words. For the
Portuguese configuration the endings' accents are put back first (``search_text``), so that
"soluções", "solucoes" and "solução" share one stem; a Portuguese query also matches the plain
folded form, which is what vectors built before that change hold.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Q, TextField, Value

from govtech.core.text import fold, search_text, text_query

__all__ = ["LANGUAGE_CONFIGS", "fold", "search_filter", "search_queries", "text_query", "weighted_vector"]

# (vector field on Supplier, PostgreSQL text search configuration)
LANGUAGE_CONFIGS = (("search_es", "spanish"), ("search_pt", "portuguese"), ("search_en", "english"))


def weighted_vector(parts: dict[str, str], config: str) -> SearchVector:
    """One search vector from texts weighted A-D (``{"A": names, "B": pitch, ...}``), folded first."""
    vector: SearchVector | None = None
    for weight in ("A", "B", "C", "D"):
        text = search_text(parts.get(weight, ""), config)
        piece = SearchVector(Value(text, output_field=TextField()), config=config, weight=weight)
        vector = piece if vector is None else vector + piece  # type: ignore[assignment]
    assert vector is not None
    return vector


def search_filter(query: str) -> Q:
    """A filter matching ``query`` (folded) in any of the three language vectors."""
    condition = Q()
    for field, config in LANGUAGE_CONFIGS:
        condition |= Q(**{field: text_query(query, config)})
    return condition


def search_queries(query: str) -> list[tuple[str, SearchQuery]]:
    return [(field, text_query(query, config)) for field, config in LANGUAGE_CONFIGS]
