"""Compiling a contracting process from its releases with ocdsmerge (OCP's reference merger), offline.

This module needs neither the ORM nor the network: the merge rules come from the release schema shipped in
``procurement/ocds/schema``. The importer, the record builder and the red-flag engine all compile with it.
"""

from __future__ import annotations

import functools
from typing import Any

import ocdsmerge

from procurement.ocds.validation import schema


class MergeError(Exception):
    """The releases of one process cannot be merged; the message says why."""


@functools.cache
def merger() -> ocdsmerge.Merger:
    """One merger built from the shipped release schema (ocdsmerge would otherwise download it).

    ``parties.details`` has no properties in the schema, so the versioned-release schema versions it as a
    whole: merging it as one value (``wholeListMerge``) gives that shape.
    """
    rules = ocdsmerge.rules.get_merge_rules(schema("release"))
    rules[("parties", "details")] = "wholeListMerge"
    return ocdsmerge.Merger(merge_rules=rules)


def compile_releases(ocid: str, releases: list[dict[str, Any]]) -> dict[str, Any]:
    """The compiled release of ``releases`` (one process), oldest first; a release without a date or id gets one.

    Raises ``MergeError`` when there is nothing to merge or ocdsmerge refuses the data.
    """
    if not releases:
        raise MergeError("no compiled release and no embedded releases (only links)")
    ordered = sorted(releases, key=lambda r: str(r.get("date") or ""))
    for index, release in enumerate(ordered):
        release.setdefault("date", "1970-01-01T00:00:00Z")  # ocdsmerge needs one to order them
        release.setdefault("id", f"{ocid}-{index}")
    try:
        return merger().create_compiled_release(ordered)
    except Exception as exc:  # ocdsmerge's errors on malformed data are not one exception class
        raise MergeError(f"its releases cannot be merged ({exc.__class__.__name__}: {exc})") from exc
