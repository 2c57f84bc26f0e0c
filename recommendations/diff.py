"""A readable word-level diff between two versions' content, for reviewers.

The output is plain data (segments of kept, removed and added words); templates
escape it, so whatever an editor typed renders inert.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from recommendations.models import TRANSLATED_FIELDS
from recommendations.translation import LANGUAGES

_TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Segment:
    op: str  # "equal", "delete" or "insert"
    text: str


@dataclass(frozen=True)
class FieldDiff:
    field: str
    language: str  # "" for fields that are not translated
    segments: list[Segment]


def _words(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def text_diff(old: str, new: str) -> list[Segment]:
    a, b = _words(old), _words(new)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(Segment("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("delete", "".join(a[i1:i2])))
        if j2 > j1:
            segments.append(Segment("insert", "".join(b[j1:j2])))
    return segments


def _flat(content: dict[str, Any]) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for field in TRANSLATED_FIELDS:
        for language in LANGUAGES:
            out[(field, language)] = (content.get(field) or {}).get(language, "") or ""
    out[("tags", "")] = ", ".join(content.get("tags") or [])
    out[("sources", "")] = "\n".join(
        f"{s.get('title', '')} {s.get('url', '')}".strip() for s in content.get("sources") or []
    )
    return out


def content_diff(old: dict[str, Any], new: dict[str, Any]) -> list[FieldDiff]:
    """The fields (per language) that differ between two content snapshots."""
    before, after = _flat(old), _flat(new)
    return [
        FieldDiff(
            field=field, language=language, segments=text_diff(before[(field, language)], after[(field, language)])
        )
        for (field, language) in after
        if before[(field, language)] != after[(field, language)]
    ]
