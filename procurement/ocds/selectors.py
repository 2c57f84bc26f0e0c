"""Reading the published releases."""

from __future__ import annotations

import datetime
from typing import Any

from procurement.ocds.models import Release, ReleaseQuerySet


def releases_since(since: datetime.datetime | None) -> ReleaseQuerySet:
    """Every published release in publication order, from ``since`` (inclusive) when given."""
    qs = Release.objects.order_by("date", "pk")
    return qs.filter(date__gte=since) if since else qs


def releases_of(ocid: str) -> list[dict[str, Any]]:
    return list(Release.objects.of_ocid(ocid).values_list("data", flat=True))
