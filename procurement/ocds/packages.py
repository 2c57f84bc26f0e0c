"""Release packages, record packages and compiled records (ocdsmerge, with the shipped schema: no network)."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import ocdsmerge
from django.conf import settings
from django.utils import timezone

from procurement.ocds.build import EXTENSION_PATH, iso, site_url
from procurement.ocds.validation import schema

VERSION = "1.1"


def publisher() -> dict[str, Any]:
    return {"name": settings.OCDS_PUBLISHER_NAME, "uri": settings.SITE_URL}


def _metadata(uri: str, published: Any = None) -> dict[str, Any]:
    return {
        "uri": uri,
        "version": VERSION,
        "extensions": [site_url(EXTENSION_PATH)],
        "publishedDate": iso(published or timezone.now()),
        "publisher": publisher(),
        "license": settings.OCDS_LICENSE_URL,
        "publicationPolicy": site_url("/es/open-data/"),
    }


def release_package(releases: Iterable[dict[str, Any]], *, uri: str, published: Any = None) -> dict[str, Any]:
    return _metadata(uri, published) | {"releases": list(releases)}


@functools.cache
def merger() -> ocdsmerge.Merger:
    """One merger built from the shipped release schema (ocdsmerge would otherwise download it).

    ``parties.details`` has no properties in the schema, so the versioned-release schema versions it as a
    whole: merging it as one value (``wholeListMerge``) gives that shape.
    """
    rules = ocdsmerge.rules.get_merge_rules(schema("release"))
    rules[("parties", "details")] = "wholeListMerge"
    return ocdsmerge.Merger(merge_rules=rules)


def record(ocid: str, releases: list[dict[str, Any]]) -> dict[str, Any]:
    """The record of one process: its releases, the compiled release and the versioned history."""
    return {
        "ocid": ocid,
        "releases": releases,
        "compiledRelease": merger().create_compiled_release(releases),
        "versionedRelease": merger().create_versioned_release(releases),
    }


def record_package(records: list[dict[str, Any]], *, uri: str, published: Any = None) -> dict[str, Any]:
    return _metadata(uri, published) | {"records": records}
