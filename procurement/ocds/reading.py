"""Reading OCDS files as publishers really write them.

A file may hold one JSON document (a release package, a record package, a record or a single
release), several documents one per line (JSON lines) or simply one after another (concatenated
JSON), in UTF-8 (with or without a byte-order mark) or in ISO-8859-1 / Windows-1252.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def decode(raw: bytes) -> str:
    """UTF-8 when it is UTF-8, else Windows-1252 (a superset of ISO-8859-1 in its printable range)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            return raw.decode("latin-1")


def documents(text: str) -> Iterator[Any]:
    """Every JSON value in ``text``, whether one, one per line, or concatenated. Raises ``ValueError``."""
    decoder = json.JSONDecoder()
    position, end = 0, len(text)
    while True:
        while position < end and text[position] in " \t\r\n\x1e,":
            position += 1
        if position >= end:
            return
        value, position = decoder.raw_decode(text, position)
        yield value


def read(path: str | Path) -> list[Any]:
    return list(documents(decode(Path(path).read_bytes())))
