"""Work that waits for someone: the registry behind the header's "needs you" count and its list page.

Each app registers, in its ``AppConfig.ready``, a ``WaitingWork`` per kind of task it creates (calls to
approve, suppliers to verify, complaints to answer…): ``queryset(user)`` is the rows waiting for that
person (``None`` when they hold no role that could act), ``describe(row)`` turns one into a line with a
link to act. A provider whose work only ever waits for holders of some active roles says so with ``held_by``
(a predicate over the person's active ``(organisation kind, role)`` pairs): when the caller already knows those
pairs (the header reads them once per page for its links), providers that cannot have work for the person are
left out of the count's query rather than counted as zero by the database. The count is one query for every provider together (a ``UNION ALL`` of the querysets), made
at most once per request; the list page shows each provider's first ``PAGE_ITEMS`` rows.

The header shows the count on every signed-in page, and building that query (a dozen querysets, a union) was a
fifth of a staff page (#19): ``header_count`` keeps each person's count for ``COUNT_SECONDS``. The person's own
writes retire it (``WaitingCountMiddleware``: any unsafe request they make), and the list page stores the total it
has just counted, so what they did themselves shows at once; work that others create or finish for them shows
within ``COUNT_SECONDS``. The list page itself is always counted live.

Providers live with their apps, so this layer knows nothing of calls or suppliers.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import IntegerField, Model, QuerySet, Value
from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise

PAGE_ITEMS = 50
COUNT_SECONDS = 60


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
    # Whether someone holding these active (organisation kind, role) pairs may have work of this kind; ``None``:
    # anyone may (a panel seat, an invitation). Only skips a query part: it must be true whenever the queryset
    # could return a row for the person.
    held_by: Callable[[frozenset[tuple[str, str]]], bool] | None = None


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


def _querysets(user: Any, held: frozenset[tuple[str, str]] | None = None) -> list[tuple[WaitingWork, QuerySet[Any]]]:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    found = []
    for provider in providers():
        if held is not None and provider.held_by is not None and not provider.held_by(held):
            continue
        queryset = provider.queryset(user)
        if queryset is not None:
            found.append((provider, queryset))
    return found


def waiting_count(user: Any, *, held: frozenset[tuple[str, str]] | None = None) -> int:
    """How many tasks wait for ``user``, in one query. ``held``: the (organisation kind, role) pairs ``user`` holds
    actively, when the caller has them (the providers that cannot concern the person are then left out)."""
    querysets = [
        qs.order_by().annotate(waiting=Value(1, output_field=IntegerField())).values_list("waiting", flat=True)
        for _provider, qs in _querysets(user, held)
    ]
    if not querysets:
        return 0
    first, *rest = querysets
    return first.union(*rest, all=True).count() if rest else first.count()


def _count_key(user: Any) -> str:
    return f"waiting-count:{user.pk}"


def header_count(user: Any, *, held: frozenset[tuple[str, str]] | None = None) -> int:
    """``waiting_count`` as the header shows it: kept per person for ``COUNT_SECONDS`` (see the module's note)."""
    key = _count_key(user)
    found = cache.get(key)
    if isinstance(found, int):
        return found
    count = waiting_count(user, held=held)
    cache.set(key, count, COUNT_SECONDS)
    return count


def remember_count(user: Any, count: int) -> None:
    cache.set(_count_key(user), count, COUNT_SECONDS)


def forget_count(user: Any) -> None:
    cache.delete(_count_key(user))


class WaitingCountMiddleware:
    """A signed-in person's unsafe request (a form sent, an action taken) retires their header count once it is
    answered (and its transaction committed): the page they are sent to next counts again."""

    SAFE = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in self.SAFE:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                forget_count(user)
        return response


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
