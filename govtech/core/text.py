"""Text normalisation shared by every app: one accent-folding function.

The embedded PostgreSQL has no ``unaccent`` extension, so search and matching fold
accents in Python before PostgreSQL (or the matcher) sees the text.
"""

from __future__ import annotations

import re
import unicodedata

from django.contrib.postgres.search import SearchQuery


def fold(text: str | None) -> str:
    """``text`` without accents and case: NFKD, combining marks dropped, casefolded.

    "Educação" → "educacao", "ÁRBOL" → "arbol", "Straße" → "strasse", "ﬁ" → "fi".
    """
    text = text or ""
    if text.isascii():  # the common case, and the matcher's hot path
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


# Portuguese after folding. The Snowball stemmers (ours and PostgreSQL's "portuguese" configuration)
# expect accented words: "inovação" and "inovações" both give "inov", but folded they give "inovaca"
# and "inovaco", so singular and plural no longer meet. These endings are unambiguous in Portuguese,
# so a folded word gets its ending's accents back, and its plural made singular, before stemming:
# "inovacoes" and "inovações" -> "inovação"; "digitais" -> "digital"; "confiaveis" -> "confiável".
_PT_ENDINGS = (
    ("coes", "ção"), ("cao", "ção"), ("soes", "são"), ("sao", "são"), ("oes", "ão"), ("aes", "ão"), ("aos", "ão"),
    ("ao", "ão"), ("aveis", "ável"), ("avel", "ável"), ("iveis", "ível"), ("ivel", "ível"),
    ("encias", "ência"), ("encia", "ência"), ("ancias", "ância"), ("ancia", "ância"), ("ais", "al"), ("eis", "el"),
)  # fmt: skip
_ASCII_WORD = re.compile(r"[a-z0-9]+")


def portuguese_singular(word: str) -> str:
    """A folded Portuguese word with its ending's accents restored and a plural ending made singular."""
    if len(word) > 4:
        for folded, accented in _PT_ENDINGS:
            if word.endswith(folded):
                return word[: -len(folded)] + accented
    return word


def search_text(text: str | None, config: str) -> str:
    """``text`` folded for a PostgreSQL text search configuration (Portuguese endings restored)."""
    folded = fold(text)
    if config != "portuguese":
        return folded
    return _ASCII_WORD.sub(lambda m: portuguese_singular(m.group()), folded)


def text_query(query: str, config: str) -> SearchQuery:
    """``query`` (websearch syntax) for one configuration, folded as the vectors are."""
    prepared = SearchQuery(search_text(query, config), config=config, search_type="websearch")
    folded = fold(query)
    if config == "portuguese" and search_text(query, config) != folded:
        prepared = prepared | SearchQuery(folded, config=config, search_type="websearch")
    return prepared
