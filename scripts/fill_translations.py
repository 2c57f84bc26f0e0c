"""Fill a catalogue's msgstr from a JSON table {msgid: {"es": ..., "pt_BR": ...}} (a translator's aid).

Usage: python scripts/fill_translations.py TABLE.json LOCALE_DIR
Keeps existing translations; reports the msgids still missing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po


def main() -> None:
    table = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    locale_dir = Path(sys.argv[2])
    for language in ("es", "pt_BR"):
        po = locale_dir / language / "LC_MESSAGES" / "django.po"
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        missing = []
        for message in catalog:
            if not message.id or isinstance(message.id, tuple):
                continue
            if message.id in table and language in table[message.id]:
                if not message.string or message.fuzzy:
                    message.string = table[message.id][language]
                    message.flags.discard("fuzzy")
            elif not message.string:
                missing.append(message.id)
        with po.open("wb") as handle:
            write_po(handle, catalog, width=100)
        for ident in missing:
            print(f"{language}: missing {ident!r}")


if __name__ == "__main__":
    main()
