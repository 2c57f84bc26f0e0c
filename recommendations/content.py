"""The shape of a recommendation's content snapshot, validated before it is saved."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from govtech.core.errors import ApplicationError
from recommendations.models import TRANSLATED_FIELDS
from recommendations.translation import LANGUAGES

MAX_LENGTHS = {"title": 200, "summary": 600, "body": 8000, "actors": 600, "evidence": 600, "indicators": 600}
MAX_TAGS = 12
MAX_SOURCES = 12
_url = URLValidator(schemes=["http", "https"])


def content_clean(content: dict[str, Any]) -> dict[str, Any]:
    """Return a normalised copy of ``content`` or raise ``ApplicationError`` naming the field."""
    clean: dict[str, Any] = {}
    for field in TRANSLATED_FIELDS:
        values = content.get(field) or {}
        if not isinstance(values, dict):
            raise ApplicationError(_("Give one text per language."), field=field)
        texts: dict[str, str] = {}
        for language, given in values.items():
            if language not in LANGUAGES:
                raise ApplicationError(_("Unknown language: %(code)s.") % {"code": language}, field=field)
            if not isinstance(given, str):
                raise ApplicationError(_("The text must be a string."), field=field)
            text = given.strip()
            if len(text) > MAX_LENGTHS[field]:
                raise ApplicationError(
                    _("Keep it under %(max)d characters.") % {"max": MAX_LENGTHS[field]}, field=field
                )
            texts[language] = text
        clean[field] = {code: texts.get(code, "") for code in LANGUAGES}
    for field in ("title", "summary"):
        if not any(clean[field].values()):
            raise ApplicationError(_("Write it in at least one language."), field=field)
    clean["tags"] = _clean_tags(content.get("tags") or [])
    clean["sources"] = _clean_sources(content.get("sources") or [])
    return clean


def _clean_tags(tags: Any) -> list[str]:
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ApplicationError(_("Tags must be a list of words."), field="tags")
    out = list(dict.fromkeys(t.strip().lower() for t in tags if t.strip()))
    if len(out) > MAX_TAGS or any(len(t) > 40 for t in out):
        raise ApplicationError(_("Use at most 12 tags of up to 40 characters."), field="tags")
    return out


def _clean_sources(sources: Any) -> list[dict[str, str]]:
    if not isinstance(sources, list) or len(sources) > MAX_SOURCES:
        raise ApplicationError(_("Give at most 12 sources."), field="sources")
    out = []
    for source in sources:
        if not isinstance(source, dict) or not str(source.get("title") or "").strip():
            raise ApplicationError(_("Each source needs a title."), field="sources")
        url = str(source.get("url") or "").strip()
        if url:
            try:
                _url(url)
            except ValidationError:
                raise ApplicationError(
                    _("Not a valid web address: %(url)s") % {"url": url[:100]}, field="sources"
                ) from None
        out.append({"title": str(source["title"]).strip()[:300], "url": url})
    return out
