"""Texts kept in several languages, read with a fallback when one is missing.

Translated fields are stored as ``{"es": "...", "pt-br": "...", "en": "..."}``. A
reader asks for its language; if that text is empty the portal falls back along
``FALLBACK_ORDER`` (Spanish first: the catalogue is written in Spanish first, then
English as the lingua franca, then Portuguese).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language

LANGUAGES = ("es", "pt-br", "en")
FALLBACK_ORDER = ("es", "en", "pt-br")


@dataclass(frozen=True)
class Localized:
    """A text in the language it was found in (``fallback`` is true when not the one asked for)."""

    text: str
    language: str
    fallback: bool

    def __str__(self) -> str:
        return self.text


def normalise_language(language: str | None) -> str:
    code = (language or "es").lower().replace("_", "-")
    if code in LANGUAGES:
        return code
    if code.startswith("pt"):
        return "pt-br"
    return code.split("-")[0] if code.split("-")[0] in LANGUAGES else "es"


def localize(values: dict[str, Any] | None, language: str | None = None) -> Localized:
    """The text for ``language`` (default: the active one), or the first available fallback."""
    wanted = normalise_language(language or get_language())
    values = values or {}
    for code in (wanted, *FALLBACK_ORDER):
        text = (values.get(code) or "").strip()
        if text:
            return Localized(text=text, language=code, fallback=code != wanted)
    return Localized(text="", language=wanted, fallback=False)


def missing_languages(values: dict[str, Any] | None) -> list[str]:
    values = values or {}
    return [code for code in LANGUAGES if not (values.get(code) or "").strip()]
