"""Translation catalogues compiled with Babel (no system gettext needed) and checked for gaps."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings

REQUIRED_LANGUAGES = ("es", "pt_BR")  # source strings are English
SKIP_DIRS = {".venv", "node_modules", ".git", "staticfiles", ".embedded", "var"}


def catalogue_files(root: Path | None = None) -> Iterator[Path]:
    base = root or Path(settings.BASE_DIR)
    for po in sorted(base.rglob("locale/*/LC_MESSAGES/*.po")):
        if not SKIP_DIRS.intersection(po.relative_to(base).parts):
            yield po


def compile_catalogue(po: Path) -> Path:
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=po.parent.parent.name)
    mo = po.with_suffix(".mo")
    with mo.open("wb") as handle:
        write_mo(handle, catalog, use_fuzzy=False)
    return mo


def untranslated(po: Path) -> list[str]:
    """Messages of a required language that have no translation or are fuzzy."""
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=po.parent.parent.name)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if message.fuzzy or not all(strings):
            ident = message.id[0] if isinstance(message.id, tuple | list) else message.id
            problems.append(f"{po}: {'fuzzy' if message.fuzzy else 'untranslated'}: {ident!r}")
    return problems
