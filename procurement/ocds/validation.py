"""Validation against the official OCDS 1.1.5 schemas shipped in ``procurement/ocds/schema`` (offline).

The schemas refer to each other by their canonical URLs; a local ``referencing`` registry
answers those URLs from the files in the repository, so nothing is fetched over the network.
The same code serves the tests, ``manage.py validate_ocds`` and the export.

``extended_release``: the release schema with the extensions the portal's packages declare applied (JSON Merge
Patch, as the extension mechanism does): the portal's own (``procurement/ocds/extension/release-schema.json``)
and the bids extension's fields that the portal publishes (``schema/extensions/bids.json``: the bids and
``Award.relatedBid`` of bids extension v1.1.5, written from its documentation, since the official file cannot be
fetched here; the portal's data must fit both). Other publishers' data is checked against the core schema only:
their extensions are theirs.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
EXTENSION_PATCHES = (
    Path(__file__).resolve().parent / "extension" / "release-schema.json",
    SCHEMA_DIR / "extensions" / "bids.json",
)
EXTENDED_ID = "https://govtech-portal.invalid/ocds/release-schema-with-extensions.json"
SCHEMA_FILES = {
    "release": "release-schema.json",
    "release_package": "release-package-schema.json",
    "record_package": "record-package-schema.json",
    "versioned_release": "versioned-release-validation-schema.json",
}


@dataclass(frozen=True)
class Problem:
    """One schema error: where (a JSON path such as ``$.releases[0].tender.value``) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@functools.cache
def schema(kind: str) -> dict[str, Any]:
    with (SCHEMA_DIR / SCHEMA_FILES[kind]).open(encoding="utf-8") as handle:
        return dict(json.load(handle))


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON Merge Patch (how OCDS extensions patch the release schema): objects merge key by key, a
    null removes a key, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    merged = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged


@functools.cache
def extended_release_schema() -> dict[str, Any]:
    """The release schema with the portal's declared extensions applied (module docstring)."""
    patched: dict[str, Any] = schema("release")
    for path in EXTENSION_PATCHES:
        with path.open(encoding="utf-8") as handle:
            patched = merge_patch(patched, json.load(handle))
    return patched | {"id": EXTENDED_ID}


@functools.cache
def _registry() -> Registry:
    resources = [
        (schema(kind)["id"], Resource.from_contents(schema(kind), default_specification=DRAFT4))
        for kind in SCHEMA_FILES
    ]
    extended = Resource.from_contents(extended_release_schema(), default_specification=DRAFT4)
    return Registry().with_resources([*resources, (EXTENDED_ID, extended)])


RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")

FORMATS = FormatChecker(formats=())


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    """RFC 3339 with a time zone, as OCDS requires (without depending on an optional jsonschema extra)."""
    if not isinstance(value, str):
        return True
    if not RFC3339.match(value):
        return False
    datetime.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))  # a real date (no 31 February)
    return True


@functools.cache
def validator(kind: str) -> Draft4Validator:
    if kind == "extended_release":
        return Draft4Validator(extended_release_schema(), registry=_registry(), format_checker=FORMATS)
    if kind == "record":  # a bare record (some publishers serve one per file): the package's record definition
        return Draft4Validator(
            {"$ref": schema("record_package")["id"] + "#/definitions/record"},
            registry=_registry(),
            format_checker=FORMATS,
        )
    return Draft4Validator(schema(kind), registry=_registry(), format_checker=FORMATS)


def kind_of(data: Any) -> str:
    """Which schema applies: a release package, a record package, a bare record, or a single release."""
    if isinstance(data, dict):
        if "records" in data:
            return "record_package"
        if "compiledRelease" in data or ("releases" in data and "ocid" in data):
            return "record"
        if "releases" in data:
            return "release_package"
    return "release"


def _json_path(parts: Any) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def validate(data: Any, kind: str | None = None) -> list[Problem]:
    """Every schema error of ``data`` (an empty list when valid), in document order."""
    errors = validator(kind or kind_of(data)).iter_errors(data)
    problems = [Problem(_json_path(error.absolute_path), error.message) for error in errors]
    return sorted(problems, key=lambda p: p.path)
