"""Work that waits for someone: the registry behind the header's "needs you" count and its list page.

Each app registers, in its ``AppConfig.ready``, a ``WaitingWork`` per kind of task it creates (calls to
approve, suppliers to verify, complaints to answer…): ``queryset(user)`` is the rows waiting for that
person (``None`` when they hold no role that could act), ``describe(row)`` turns one into a line with a
link to act. The count is one query for every provider together (a ``UNION ALL`` of the querysets), made
at most once per request; the list page shows each provider's first ``PAGE_ITEMS`` rows.

Providers live with their apps, so this layer knows nothing of calls or suppliers.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import IntegerField, Model, QuerySet, Value
from django.utils.functional import Promise

PAGE_ITEMS = 50


@dataclass(frozen=True)
class WaitingItem:
    """One task: what waits (in the reader's language), the link to act, and its due date if it has one."""

    label: str
    url: str
    due: datetime.datetime | datetime.date | None = None
    detail: str = ""


@dataclass(frozen=True)
class WaitingWork:
    key: str
    heading: str | Promise
    queryset: Callable[[Any], QuerySet[Any] | None]
    describe: Callable[[Any], WaitingItem]
    order: int = 100


@dataclass
class WaitingGroup:
    key: str
    heading: str
    items: list[WaitingItem]
    total: int


_PROVIDERS: dict[str, WaitingWork] = {}


def register_waiting_work(provider: WaitingWork) -> None:
    """Add (or replace, by ``key``) a kind of waiting work; call from ``AppConfig.ready``."""
    _PROVIDERS[provider.key] = provider


def providers() -> list[WaitingWork]:
    return sorted(_PROVIDERS.values(), key=lambda provider: (provider.order, provider.key))


def _querysets(user: Any) -> list[tuple[WaitingWork, QuerySet[Any]]]:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    found = []
    for provider in providers():
        queryset = provider.queryset(user)
        if queryset is not None:
            found.append((provider, queryset))
    return found


def waiting_count(user: Any) -> int:
    """How many tasks wait for ``user``, in one query."""
    querysets = [
        qs.order_by().annotate(waiting=Value(1, output_field=IntegerField())).values_list("waiting", flat=True)
        for _provider, qs in _querysets(user)
    ]
    if not querysets:
        return 0
    first, *rest = querysets
    return first.union(*rest, all=True).count() if rest else first.count()


def waiting_groups(user: Any) -> list[WaitingGroup]:
    """The list page: per provider with work waiting, its heading, first items and total."""
    groups = []
    for provider, queryset in _querysets(user):
        rows: list[Model] = list(queryset[: PAGE_ITEMS + 1])
        if not rows:
            continue
        total = len(rows) if len(rows) <= PAGE_ITEMS else queryset.count()
        groups.append(
            WaitingGroup(
                key=provider.key,
                heading=str(provider.heading),
                items=[provider.describe(row) for row in rows[:PAGE_ITEMS]],
                total=total,
            )
        )
    return groups
