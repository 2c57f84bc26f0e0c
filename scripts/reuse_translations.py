"""Fill empty translations from every other catalogue of the repository (a maintainer's aid after makemessages).

When code moves between apps, ``makemessages`` moves its strings to the new app's catalogue with no translation and
keeps the old one only as an obsolete entry. This fills each empty (or fuzzy) msgstr from any catalogue of the same
language that translates the same msgid — obsolete entries included — then drops the obsolete entries it used.

Usage: python scripts/reuse_translations.py [ROOT]
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

LANGUAGES = ("es", "pt_BR", "en")


def catalogues(root: Path, language: str) -> list[Path]:
    return sorted(p for p in root.rglob(f"locale/{language}/LC_MESSAGES/django.po") if ".venv" not in p.parts)


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    for language in LANGUAGES:
        paths = catalogues(root, language)
        loaded: dict[Path, Catalog] = {}
        known: dict[str, str] = {}
        for path in paths:
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=language)
            loaded[path] = catalog
            for message in [*catalog, *catalog.obsolete.values()]:
                if message.id and not isinstance(message.id, tuple) and message.string and not message.fuzzy:
                    known.setdefault(message.id, message.string)
        filled = 0
        for path, catalog in loaded.items():
            for message in catalog:
                if not message.id or isinstance(message.id, tuple):
                    continue
                if (not message.string or message.fuzzy) and message.id in known:
                    message.string = known[message.id]
                    message.flags.discard("fuzzy")
                    filled += 1
            catalog.obsolete.clear()
            with path.open("wb") as handle:
                write_po(handle, catalog, width=100)
        print(f"{language}: {filled} translations reused")


if __name__ == "__main__":
    main()
