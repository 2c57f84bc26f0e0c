"""Release packages, record packages and compiled records (ocdsmerge, with the shipped schema: no network)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils import timezone

from procurement.ocds.build import EXTENSION_PATH, iso, site_url
from procurement.ocds.merging import merger

VERSION = "1.1"
# The bids extension (bids.details, bids.statistics: published once a call's applications are opened).
BID_EXTENSION = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json"


def publisher() -> dict[str, Any]:
    return {"name": settings.OCDS_PUBLISHER_NAME, "uri": settings.SITE_URL}


def _metadata(uri: str, published: Any = None) -> dict[str, Any]:
    return {
        "uri": uri,
        "version": VERSION,
        "extensions": [site_url(EXTENSION_PATH), BID_EXTENSION],
        "publishedDate": iso(published or timezone.now()),
        "publisher": publisher(),
        "license": settings.OCDS_LICENSE_URL,
        "publicationPolicy": site_url("/es/open-data/"),
    }


def release_package(releases: Iterable[dict[str, Any]], *, uri: str, published: Any = None) -> dict[str, Any]:
    return _metadata(uri, published) | {"releases": list(releases)}


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
