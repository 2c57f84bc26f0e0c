"""Every translatable source string is in the es and pt-BR catalogues, with a translation.

``manage.py compiletranslations --check`` only sees the strings already in the ``.po``
files; this test extracts the messages from the code itself (Babel's Python extractor, and
Django's ``templatize`` for templates, as ``makemessages`` does) so a new string that nobody
added to the catalogues fails CI too. Django merges every catalogue of a language at run
time, so a string counts as translated when any catalogue of that language translates it.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.pofile import read_po
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ["govtech", "startups", "recommendations", "procurement", "templates"]
SKIP_PARTS = {"migrations", "locale", "node_modules", "vendor", "__pycache__"}
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext_lazy": (1, 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
Key = tuple[str | None, str]


def _sources() -> Iterator[Path]:
    for folder in SOURCE_DIRS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in {".py", ".html", ".txt"} and not SKIP_PARTS & set(path.parts):
                if path.suffix == ".txt" and "templates" not in path.parts:
                    continue
                yield path


def _extract(path: Path) -> Iterator[Key]:
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        if "trans" not in text:
            return
        text = templatize(text, origin=str(path))
    for _lineno, message, _comments, context in extract(
        "python", io.BytesIO(text.encode("utf-8")), keywords=KEYWORDS, options={"encoding": "utf-8"}
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            yield (context, msgid)


def source_messages() -> dict[Key, str]:
    found: dict[Key, str] = {}
    for path in _sources():
        for key in _extract(path):
            found.setdefault(key, str(path.relative_to(ROOT)))
    return found


def translated(language: str) -> set[Key]:
    keys: set[Key] = set()
    for po in ROOT.glob(f"**/locale/{language}/LC_MESSAGES/django.po"):
        if ".venv" in po.parts:
            continue
        with po.open("rb") as handle:
            catalogue = read_po(handle)
        for message in catalogue:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.id and not message.fuzzy and all(strings):
                msgid = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
                keys.add((message.context, str(msgid)))
    return keys


def test_it_extracts_strings_from_code_and_templates() -> None:
    messages = source_messages()
    assert any(where.endswith(".html") for where in messages.values())
    assert any(where.endswith(".py") for where in messages.values())


@pytest.mark.parametrize("language", ["es", "pt_BR"])
def test_it_finds_every_source_string_translated(language: str) -> None:
    have = translated(language)
    missing = {key: where for key, where in source_messages().items() if key not in have}
    assert not missing, f"{len(missing)} strings without a {language} translation:\n" + "\n".join(
        f"{where}: {msgid!r}" + (f" (context {ctx!r})" if ctx else "")
        for (ctx, msgid), where in sorted(missing.items(), key=lambda item: item[1])
    )


def test_it_notices_a_new_template_string_that_no_catalogue_has(tmp_path: Path) -> None:
    template = tmp_path / "new.html"
    template.write_text('{% load i18n %}<p>{% translate "A sentence nobody has translated yet" %}</p>', "utf-8")
    keys = set(_extract(template))
    assert keys == {(None, "A sentence nobody has translated yet")}
    assert not keys & translated("es")
