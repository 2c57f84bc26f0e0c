"""Text helpers shared by every app: one accent-folding function for search and matching.

The embedded PostgreSQL has no ``unaccent`` extension (govtech/embedded.py), so accents
are folded in Python, identically before indexing and before querying.
"""

from __future__ import annotations

import unicodedata


def fold(text: str | None) -> str:
    """Lower-case ``text`` and strip its diacritics (á → a, ç → c, ñ → n)."""
    decomposed = unicodedata.normalize("NFKD", (text or "").lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
