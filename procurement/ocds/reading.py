"""Reading OCDS files as publishers really write them.

A file may hold one JSON document (a release package, a record package, a record or a single
release), several documents one per line (JSON lines) or simply one after another (concatenated
JSON), in UTF-8 (with or without a byte-order mark) or in ISO-8859-1 / Windows-1252.

``read`` loads a whole file; ``stream`` reads JSON lines line by line, so a file of a hundred thousand
compiled releases never sits in memory at once (other shapes are still read whole).
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


_SEPARATORS = b" \t\r\n\x1e,"


def _line_value(line: bytes) -> Any:
    """One line as JSON: UTF-8 when it is, else Windows-1252. Raises ``ValueError``."""
    try:
        return json.loads(line)
    except UnicodeDecodeError:
        return json.loads(decode(line))


def stream(path: str | Path) -> Iterator[Any]:
    """Every JSON value in the file at ``path``, like ``read``, without loading JSON lines whole.

    When the first non-blank line is a JSON value on its own, the file is read line by line; a line that is
    not (a document spread over several lines, as in concatenated pretty-printed JSON) and the rest of the
    file are then read as ``documents``. Raises ``OSError`` and ``ValueError`` (invalid JSON).
    """
    with open(path, "rb") as handle:
        first = True
        for number, raw in enumerate(handle, start=1):
            line = raw.strip(_SEPARATORS)
            if first:
                line = line.removeprefix(b"\xef\xbb\xbf").strip(_SEPARATORS)
            if not line:
                continue
            try:
                value = _line_value(line)
            except ValueError:
                rest = raw.removeprefix(b"\xef\xbb\xbf") if first else raw
                try:
                    yield from documents(decode(rest + handle.read()))
                except ValueError as exc:
                    raise ValueError(f"{exc}, in the text from line {number}") from exc
                return
            first = False
            yield value
