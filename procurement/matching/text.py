"""Tokenising: accent folding, stop words and Snowball stemming per language."""

from __future__ import annotations

import re
from functools import lru_cache

from govtech.core.text import fold

try:
    import snowballstemmer
except ImportError:  # pragma: no cover - the dependency is in the locks
    snowballstemmer = None

__all__ = ["STOP_WORDS", "fold", "tokens"]

_WORD = re.compile(r"[a-z0-9]{2,}")  # one-letter words carry no meaning
_LANGS = {"es": "spanish", "pt": "portuguese", "pt-br": "portuguese", "en": "english"}
STOP_WORDS = frozenset(
    [
        "a",
        "al",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "con",
        "de",
        "del",
        "el",
        "en",
        "for",
        "from",
        "has",
        "in",
        "is",
        "it",
        "la",
        "las",
        "los",
        "of",
        "on",
        "or",
        "para",
        "por",
        "que",
        "se",
        "su",
        "sus",
        "that",
        "the",
        "this",
        "to",
        "un",
        "una",
        "will",
        "with",
        "y",
        "o",
        "e",
        "do",
        "da",
        "dos",
        "das",
        "no",
        "na",
        "nos",
        "nas",
        "em",
        "com",
        "um",
        "uma",
        "which",
        "we",
        "our",
        "its",
        "an",
        "be",
        "were",
        "been",
        "also",
    ]
)


@lru_cache(maxsize=8)
def _stemmer(language: str):  # type: ignore[no-untyped-def]
    name = _LANGS.get(language.lower(), "english")
    if snowballstemmer is None:
        return None
    stemmer = snowballstemmer.stemmer(name)
    if hasattr(stemmer, "maxCacheSize"):  # PyStemmer: keep the stems of a large vocabulary
        stemmer.maxCacheSize = 500_000
    return stemmer


@lru_cache(maxsize=500_000)
def _stem(word: str, language: str) -> str:
    stemmer = _stemmer(language)
    return stemmer.stemWord(word) if stemmer is not None else word


def tokens(text: str, language: str = "es") -> list[str]:
    """Folded, stemmed tokens without stop words or one-letter words."""
    words = [w for w in _WORD.findall(fold(text)) if w not in STOP_WORDS]
    stemmer = _stemmer(language)
    if stemmer is not None and hasattr(stemmer, "stemWords"):
        return list(stemmer.stemWords(words))  # one call into C (PyStemmer) or the pure-Python stemmer
    return [_stem(w, language) for w in words]


def bigrams(terms: list[str]) -> list[str]:
    """Adjacent pairs of (already stemmed) terms, for phrase matching."""
    return [f"{a}_{b}" for a, b in zip(terms, terms[1:], strict=False)]
