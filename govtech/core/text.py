"""Text normalisation shared by every app: one accent-folding function.

The embedded PostgreSQL has no ``unaccent`` extension, so search and matching fold
accents in Python before PostgreSQL (or the matcher) sees the text.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """``text`` without accents and case: NFKD, combining marks dropped, casefolded.

    "Educação" → "educacao", "ÁRBOL" → "arbol", "Straße" → "strasse", "ﬁ" → "fi".
    """
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
