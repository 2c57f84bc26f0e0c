"""Request parsers for the API."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.parsers import JSONParser


def _unstorable(value: Any, path: str = "") -> str | None:
    """The path of the first string PostgreSQL cannot store (a NUL character or a lone surrogate), or None."""
    if isinstance(value, str):
        if "\x00" in value:
            return path or "body"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return path or "body"
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _unstorable(key, path) or _unstorable(item, f"{path}.{key}" if path else str(key))
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _unstorable(item, f"{path}[{index}]")
            if found:
                return found
    return None


class SafeJSONParser(JSONParser):
    """JSON, refusing text PostgreSQL cannot store (NUL, lone surrogates) with a 400 that names the field,
    instead of a database error half-way through a service."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        where = _unstorable(data)
        if where:
            raise exceptions.ValidationError({where: ["This text contains a character that cannot be stored."]})
        return data
