"""Validation against the official OCDS 1.1.5 schemas shipped in ``procurement/ocds/schema`` (offline).

The schemas refer to each other by their canonical URLs; a local ``referencing`` registry
answers those URLs from the files in the repository, so nothing is fetched over the network.
The same code serves the tests, ``manage.py validate_ocds`` and the export.
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


@functools.cache
def _registry() -> Registry:
    resources = [
        (schema(kind)["id"], Resource.from_contents(schema(kind), default_specification=DRAFT4))
        for kind in SCHEMA_FILES
    ]
    return Registry().with_resources(resources)


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
