"""Full-text search helpers: accent folding in Python, one stored vector per language.

The embedded PostgreSQL has no ``unaccent`` extension, so accents are folded in Python
(``govtech.core.text.fold``),
identically before indexing and before querying: "educação" and "educacao" both
become "educacao", and then each language configuration stems the folded words.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Q, TextField, Value

from govtech.core.text import fold

__all__ = ["LANGUAGE_CONFIGS", "fold", "search_filter", "search_queries", "weighted_vector"]

# (vector field on Supplier, PostgreSQL text search configuration)
LANGUAGE_CONFIGS = (("search_es", "spanish"), ("search_pt", "portuguese"), ("search_en", "english"))


def weighted_vector(parts: dict[str, str], config: str) -> SearchVector:
    """One search vector from texts weighted A-D (``{"A": names, "B": pitch, ...}``), folded first."""
    vector: SearchVector | None = None
    for weight in ("A", "B", "C", "D"):
        text = fold(parts.get(weight, ""))
        piece = SearchVector(Value(text, output_field=TextField()), config=config, weight=weight)
        vector = piece if vector is None else vector + piece  # type: ignore[assignment]
    assert vector is not None
    return vector


def search_filter(query: str) -> Q:
    """A filter matching ``query`` (folded) in any of the three language vectors."""
    folded = fold(query)
    condition = Q()
    for field, config in LANGUAGE_CONFIGS:
        condition |= Q(**{field: SearchQuery(folded, config=config, search_type="websearch")})
    return condition


def search_queries(query: str) -> list[tuple[str, SearchQuery]]:
    folded = fold(query)
    return [(field, SearchQuery(folded, config=config, search_type="websearch")) for field, config in LANGUAGE_CONFIGS]
