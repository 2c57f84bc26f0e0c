"""Text normalisation shared by every app: one accent-folding function.

The embedded PostgreSQL has no ``unaccent`` extension, so search and matching fold
accents in Python before PostgreSQL (or the matcher) sees the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchQueryField, SearchVector
from django.db.models import BooleanField, Expression, F, FloatField, TextField, Value


class _CombiningMarks(dict[int, int | None]):
    """A ``str.translate`` table that drops combining marks and keeps every other character, filled as characters
    are met: translating is about twice as fast as testing each character in Python, and a search's new result
    cards fold every profile's texts (#19). Only the first ``KEPT`` code points (Latin, Greek, Cyrillic and their
    marks) are remembered, so what visitors type cannot grow it past a few hundred kilobytes."""

    KEPT = 0x2000

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        if code < self.KEPT:
            self[code] = kept
        return kept


_COMBINING_MARKS = _CombiningMarks()


def fold(text: str | None) -> str:
    """``text`` without accents and case: NFKD, combining marks dropped, casefolded.

    "Educação" → "educacao", "ÁRBOL" → "arbol", "Straße" → "strasse", "ﬁ" → "fi".
    """
    text = text or ""
    if text.isascii():  # the common case, and the matcher's hot path
        return text.casefold()
    return unicodedata.normalize("NFKD", text).translate(_COMBINING_MARKS).casefold()


# Portuguese after folding. The Snowball stemmers (ours and PostgreSQL's "portuguese" configuration)
# expect accented words: "inovação" and "inovações" both give "inov", but folded they give "inovaca"
# and "inovaco", so singular and plural no longer meet. These endings are unambiguous in Portuguese,
# so a folded word gets its ending's accents back, and its plural made singular, before stemming:
# "inovacoes" and "inovações" -> "inovação"; "digitais" -> "digital"; "confiaveis" -> "confiável".
_PT_ENDINGS = (
    ("coes", "ção"),
    ("cao", "ção"),
    ("soes", "são"),
    ("sao", "são"),
    ("oes", "ão"),
    ("aes", "ão"),
    ("aos", "ão"),
    ("ao", "ão"),
    ("aveis", "ável"),
    ("avel", "ável"),
    ("iveis", "ível"),
    ("ivel", "ível"),
    ("encias", "ência"),
    ("encia", "ência"),
    ("ancias", "ância"),
    ("ancia", "ância"),
    ("ais", "al"),
    ("eis", "el"),
)
_ASCII_WORD = re.compile(r"[a-z0-9]+")


def _restore_ending(word: str, endings: tuple[tuple[str, str], ...], longer_than: int) -> str:
    if len(word) > longer_than:
        for folded, accented in endings:
            if word.endswith(folded):
                return word[: -len(folded)] + accented
    return word


def portuguese_singular(word: str) -> str:
    """A folded Portuguese word with its ending's accents restored and a plural ending made singular."""
    return _restore_ending(word, _PT_ENDINGS, 4)


# Spanish: the portal's own stemmer (Snowball 2) stems folded words well, but PostgreSQL's older Spanish
# stemmer does not: folded, "innovacion" stays "innovacion" while "innovaciones" gives "innov" (accented,
# "innovación" gives "innov" too). "-ción"/"-sión" always carry the accent, so it is put back.
_ES_ENDINGS = (("cion", "ción"), ("sion", "sión"))


def spanish_for_postgres(word: str) -> str:
    """A folded Spanish word with the accent of a "-ción"/"-sión" ending restored."""
    return _restore_ending(word, _ES_ENDINGS, 5)


_RESTORE = {"portuguese": portuguese_singular, "spanish": spanish_for_postgres}


def search_text(text: str | None, config: str) -> str:
    """``text`` folded for a PostgreSQL text search configuration, with the accents its stemmer needs restored
    on unambiguous endings (Portuguese and Spanish)."""
    folded = fold(text)
    restore = _RESTORE.get(config)
    if restore is None:
        return folded
    return _ASCII_WORD.sub(lambda m: restore(m.group()), folded)


def weighted_vector(parts: dict[str, str], config: str) -> SearchVector:
    """One search vector from texts weighted A-D (``{"A": title, "B": summary, ...}``), prepared by ``search_text``."""
    vector: SearchVector | None = None
    for weight in ("A", "B", "C", "D"):
        text = search_text(parts.get(weight, ""), config)
        piece = SearchVector(Value(text, output_field=TextField()), config=config, weight=weight)
        vector = piece if vector is None else vector + piece  # type: ignore[assignment]
    assert vector is not None
    return vector


class Tsquery(Expression):
    """A text search query as one leaf of SQL: ``websearch_to_tsquery('spanish', 'agua')``, or several OR-ed.

    The SQL Django's ``SearchQuery`` writes, without its tree: a search combines a dozen queries (three languages,
    their folded forms, the vocabulary's expansions) into its match and its rank, and building, copying and
    compiling their nodes cost each search page more Python than PostgreSQL took to answer it (#19). Combine
    with ``|`` (``||`` in SQL); compare a vector with ``Matches``, rank with ``Rank``.
    """

    output_field = SearchQueryField()
    FUNCTIONS = {"websearch": "websearch_to_tsquery", "raw": "to_tsquery"}

    def __init__(self, sql: str, params: tuple[Any, ...]) -> None:
        super().__init__()
        self.sql, self.params = sql, tuple(params)

    @classmethod
    def parse(cls, text: str, config: str, search_type: str = "websearch") -> Tsquery:
        """``text`` parsed in ``config``: in websearch syntax, or a tsquery already written (``raw``)."""
        return cls(f"{cls.FUNCTIONS[search_type]}(%s::regconfig, %s)", (config, text))

    def __or__(self, other: object) -> Tsquery:  # type: ignore[override]  # a query, not a Q
        if not isinstance(other, Tsquery):
            raise TypeError(f"a Tsquery combines with another Tsquery, not {type(other).__name__}")
        return Tsquery(f"({self.sql} || {other.sql})", self.params + other.params)

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, Any]:  # params: a list, as Django's own
        return self.sql, list(self.params)


class Matches(Expression):
    """``vector @@ query`` as a condition, written as the ``search_vector=query`` lookup writes it (the query in
    parentheses unless it has its own): what the vector's GIN index answers."""

    output_field = BooleanField()

    def __init__(self, vector: Any, query: Any) -> None:
        super().__init__()
        self.vector, self.query = vector, query

    def get_source_expressions(self) -> list[Any]:
        return [self.vector, self.query]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.vector, self.query = exprs

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, Any]:  # params: a list, as Django's own
        vector, vector_params = compiler.compile(self.vector)
        query, query_params = compiler.compile(self.query)
        if not query.startswith("("):
            query = f"({query})"
        return f"{vector} @@ {query}", [*vector_params, *query_params]


@dataclass(frozen=True)
class RankTerm:
    """``ts_rank(vector, query)``, times ``weight`` when given, counted only for rows whose language field equals
    ``language`` when given (0 for the others)."""

    vector: str
    query: Tsquery
    weight: float | None = None
    language: str | None = None


class Rank(Expression):
    """The sum of ``terms`` (``RankTerm``) as one expression, written as Django's ``SearchRank``, ``Case`` and ``+``
    write it (``COALESCE(sum, 0.0)`` with ``coalesce``), its columns compiled once: built from those, a call's rank
    (six terms, three of them per language) was a tree of a hundred nodes copied at each step of the query's
    building, a millisecond of Python per search (#19). ``language_field``: the column the terms' ``language`` is
    compared with."""

    output_field = FloatField()

    def __init__(self, terms: Sequence[RankTerm], *, language_field: str = "language", coalesce: bool = False) -> None:
        super().__init__()
        if not terms:
            raise ValueError("a rank needs at least one term")
        self.terms, self.coalesce = tuple(terms), coalesce
        names = [term.vector for term in self.terms]
        if any(term.language is not None for term in self.terms):
            names.append(language_field)
        self.names = list(dict.fromkeys(names))
        self.language_field = language_field
        self.columns: list[Any] = [F(name) for name in self.names]

    def get_source_expressions(self) -> list[Any]:
        return self.columns

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.columns = list(exprs)

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, Any]:  # params: a list, as Django's own
        compiled = dict(zip(self.names, (compiler.compile(column) for column in self.columns), strict=True))
        language_sql, language_params = compiled.get(self.language_field, ("", []))
        total, params = "", []
        for term in self.terms:
            vector_sql, vector_params = compiled[term.vector]
            sql, term_params = f"ts_rank({vector_sql}, {term.query.sql})", [*vector_params, *term.query.params]
            if term.weight is not None:
                sql, term_params = f"({sql} * %s)", [*term_params, term.weight]
            if term.language is not None:
                sql = f"CASE WHEN ({language_sql} = %s) THEN {sql} ELSE %s END"
                term_params = [*language_params, term.language, *term_params, 0.0]
            total = f"({total} + {sql})" if total else sql
            params += term_params
        if self.coalesce:
            return f"COALESCE({total}, %s)", [*params, 0.0]
        return total, params


def text_query(query: str, config: str) -> Tsquery:
    """``query`` (websearch syntax) for one configuration, folded as the vectors are."""
    prepared, folded = search_text(query, config), fold(query)
    combined = Tsquery.parse(prepared, config)
    if prepared != folded:  # also the plain folded form, as vectors stored before held it
        combined = combined | Tsquery.parse(folded, config)
    return combined
