"""Text normalisation shared by every app: one accent-folding function.

The embedded PostgreSQL has no ``unaccent`` extension, so search and matching fold
accents in Python before PostgreSQL (or the matcher) sees the text.
"""

from __future__ import annotations

import unicodedata


def fold(text: str | None) -> str:
    """``text`` without accents and case: NFKD, combining marks dropped, casefolded.

    "Educação" → "educacao", "ÁRBOL" → "arbol", "Straße" → "strasse", "ﬁ" → "fi".
    """
    text = text or ""
    if text.isascii():  # the common case, and the matcher's hot path
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
