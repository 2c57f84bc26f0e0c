"""Cached public fragments with versioned invalidation.

A fragment (the options of the public-body filter, the home page's counts...) is cached under
``frag:<name>:<version>:<parts>``. Its *version* lives in the cache too; a write to a model the
fragment is built from bumps it (``invalidate_on``), so every cached copy of the old version is
ignored from then on and expires by itself. The bump happens both at once and again when the
transaction commits: a reader that rebuilt the fragment between the write and the commit (from
the old rows) is invalidated by the second bump.

Keys are built from the parts given (language, filter values...), never from a user: fragments
are public by construction. When Redis is down the cache degrades to per-process memory
(``govtech.core.cache.TolerantRedisCache``), so fragments then live per process; the timeout
bounds how stale another process's copy can be.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import models, transaction
from django.db.models import Case, QuerySet, Value, When
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from govtech.core.pagination import ranked_slice

T = TypeVar("T")
DEFAULT_TIMEOUT = 600  # seconds: also bounds staleness when an invalidation cannot reach Redis

_connected: set[tuple[str, str]] = set()


def _version_key(name: str) -> str:
    return f"fragver:{name}"


# The versions read so far by the request being served (``versions_held``), else None.
_held: ContextVar[dict[str, int] | None] = ContextVar("fragment_versions", default=None)


@contextmanager
def versions_held() -> Iterator[None]:
    """Within the block, each fragment's version is read from Redis once (a public page's key, then its count,
    its cards and its options each asked for it). Versions are read before the rows they cover, so what is
    built is never older than its key; a bump made within the block is seen at once."""
    token = _held.set({})
    try:
        yield
    finally:
        _held.reset(token)


def version(name: str) -> int:
    held = _held.get()
    if held is not None and name in held:
        return held[name]
    current = cache.get(_version_key(name))
    if current is None:
        cache.add(_version_key(name), time.time_ns(), None)
        current = cache.get(_version_key(name)) or 0
    if held is not None:
        held[name] = int(current)
    return int(current)


def versions(names: Iterable[str]) -> list[int]:
    """The current versions of several fragments, read in one round trip."""
    names = list(names)
    held = _held.get()
    missing = [name for name in names if held is None or name not in held]
    found = cache.get_many([_version_key(name) for name in missing]) if missing else {}
    out = []
    for name in names:
        if held is not None and name in held:
            out.append(held[name])
        elif _version_key(name) in found:
            out.append(int(found[_version_key(name)]))
            if held is not None:
                held[name] = out[-1]
        else:
            out.append(version(name))
    return out


def bump(name: str) -> None:
    """Invalidate every cached copy of fragment ``name``."""
    cache.set(_version_key(name), time.time_ns(), None)
    held = _held.get()
    if held is not None:
        held.pop(name, None)


def bump_now_and_on_commit(name: str) -> None:
    bump(name)
    transaction.on_commit(lambda: bump(name))


def key(name: str, parts: Iterable[Any]) -> str:
    text = "\x1f".join(str(p) for p in parts)
    digest = hashlib.blake2b(text.encode(), digest_size=12).hexdigest()
    return f"frag:{name}:{version(name)}:{digest}"


def get_or_build(name: str, parts: Iterable[Any], build: Callable[[], T], timeout: int = DEFAULT_TIMEOUT) -> T:
    """The cached value of fragment ``name`` for ``parts``, built (and stored) when missing."""
    cache_key = key(name, parts)
    value = cache.get(cache_key)
    if value is None:
        value = build()
        cache.set(cache_key, value, timeout)
    return value


def invalidate_on(
    name: str, *senders: type[models.Model] | Any, when: Callable[[models.Model], bool] | None = None
) -> None:
    """Bump fragment ``name`` whenever a row of one of ``senders`` is saved or deleted (or an m2m changes).

    ``when(instance)``, if given, limits it to the rows that matter (e.g. organisations that are public bodies).
    ``QuerySet.update()`` sends no signal: code that updates such rows in bulk calls ``bump`` itself.
    """
    for sender in senders:
        marker = (name, f"{sender._meta.label if hasattr(sender, '_meta') else sender}")
        if marker in _connected:
            continue
        _connected.add(marker)

        def handler(*args: Any, _name: str = name, **kwargs: Any) -> None:
            instance = kwargs.get("instance")
            if when is None or instance is None or when(instance):
                bump_now_and_on_commit(_name)

        uid = f"fragments:{name}:{marker[1]}"
        if getattr(sender, "_meta", None) is not None and getattr(sender._meta, "auto_created", False):
            m2m_changed.connect(handler, sender=sender, weak=False, dispatch_uid=uid)
        else:
            post_save.connect(handler, sender=sender, weak=False, dispatch_uid=uid + ":save")
            post_delete.connect(handler, sender=sender, weak=False, dispatch_uid=uid + ":delete")


def filter_parts(cleaned_data: dict[str, Any]) -> list[tuple[str, str]]:
    """A form's cleaned filters as key parts: unknown parameters and empty values drop out, rows become ids."""
    parts = []
    for name, value in sorted(cleaned_data.items()):
        if value in (None, "", [], ()):
            continue
        parts.append((name, str(getattr(value, "pk", value))))
    return parts


def page_number(raw: str | None) -> str:
    """A page number for a cache key: digits only (anything else is the first page, as ``get_page`` does)."""
    raw = (raw or "").strip()
    return raw if raw.isdigit() and len(raw) <= 6 else "1"


def cached_page(
    name: str,
    parts: Iterable[Any],
    qs: QuerySet[Any],
    number: Any,
    per_page: int,
    timeout: int = DEFAULT_TIMEOUT,
    *,
    rows: QuerySet[Any] | None = None,
) -> Page[Any]:
    """A page of ``qs`` whose total and row ids come from fragment ``name``; the rows are read by id.

    For public lists whose query is expensive (a ranked full-text search over 100,000 suppliers):
    the count and the page's ids are cached under ``parts`` (the normalised filters, the language)
    and the page number; the rows are then read with ``rows.filter(pk__in=ids)`` (``rows``: the list's
    visibility queryset, with what the cards show; ``qs`` itself by default), so a row that left the list
    since (suspended, unpublished) is still never shown, and the search is not run a second time to read
    twenty rows (the ids only change when the fragment does). Only for querysets that do not depend on who
    is asking (anonymous visitors).
    """

    def build() -> dict[str, Any]:
        ids = qs.prefetch_related(None)
        ranked = ranked_slice(ids, number, per_page, ids_only=True)  # a ranked page: its count in the same query
        if ranked is not None:
            return {"count": ranked[1], "number": int(str(number)), "ids": ranked[0]}
        paginator = Paginator(ids.values_list("pk", flat=True), per_page)
        page = paginator.get_page(number)
        return {"count": paginator.count, "number": page.number, "ids": list(page.object_list)}

    data = get_or_build(name, (*parts, "page", number, per_page), build, timeout)
    paginator = Paginator(qs, per_page)
    paginator.__dict__["count"] = data["count"]  # the cached_property, filled from the cache
    ids = data["ids"]
    # lazy: read (in the cached order) only if the page is rendered, not when its HTML is cached too
    if not ids:
        return Page(qs.none(), data["number"], paginator)
    read = (qs if rows is None else rows).filter(pk__in=ids)
    return Page(
        read.order_by(Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)))), data["number"], paginator
    )


def cached_cards(
    name: str, template: str, page: Page[Any], query: str, words: str, timeout: int = DEFAULT_TIMEOUT
) -> SafeString:
    """A visitor's result cards (``template`` rendered with the page, the query string its pagination links
    carry and the searched ``words``), rendered once per language, query and page number until fragment ``name``
    changes. Rendered without the request: what every visitor is served must not hold what the context processors
    give one of them (their navigation, a nonce), and running them again cost each search a millisecond (#19)."""

    def build() -> str:
        return render_to_string(template, {"page": page, "query": query, "words": words})

    html = get_or_build(name, (get_language(), template, query, page.number), build, timeout)
    return mark_safe(html)


# Where a row's card leaves room for what depends on the search, not on the row (``cached_rows``).
SLOT = "<!--govtech:slot-->"


def row_stamp(row: Any, extra: Iterable[str] = ()) -> str:
    """A digest of everything a card can show of ``row``: each loaded field of it and of the rows read with it
    (``select_related``, ``prefetch_related``, and the ``extra`` attributes holding lists of rows, such as a
    ``Prefetch(to_attr=...)``). Two reads of an unchanged row give the same stamp; any change to what was read
    gives another, whoever made it (a service, a bulk ``update()``, an operator's SQL)."""
    digest = hashlib.blake2b(digest_size=12)
    seen: set[int] = set()

    def feed(obj: Any, depth: int) -> None:
        if obj is None or id(obj) in seen:
            digest.update(b"\x00")
            return
        seen.add(id(obj))
        deferred = obj.get_deferred_fields()
        for field in obj._meta.concrete_fields:
            if field.attname not in deferred:
                digest.update(repr(getattr(obj, field.attname)).encode())
                digest.update(b"\x1f")
        if depth <= 0:
            return
        for name, related in sorted(obj._state.fields_cache.items()):
            digest.update(name.encode())
            feed(related, depth - 1)
        for name, related_rows in sorted(getattr(obj, "_prefetched_objects_cache", {}).items()):
            digest.update(name.encode())
            for item in related_rows:
                feed(item, depth - 1)

    feed(row, 2)
    for name in extra:
        digest.update(name.encode())
        for item in getattr(row, name, None) or ():
            feed(item, 1)
    return digest.hexdigest()


def cached_rows(
    name: str, template: str, rows: Iterable[Any], timeout: int = DEFAULT_TIMEOUT, *, extra: Iterable[str] = ()
) -> list[tuple[Any, SafeString, SafeString]]:
    """``template`` rendered for each row (as ``row``), kept per language and per state of the row.

    A supplier's or a call's result card is the same in every search that finds it: with many different words
    (#19) the rows repeat far more than the searches, so each card is written once and read back in one round
    trip for the whole page. The key is the row's ``row_stamp`` (``extra``: its list attributes to include), not
    a version of the whole list: one supplier editing its profile retires its own card, not a hundred thousand
    others, and a change made behind the services' back still shows at once. ``name`` keeps each list's cards
    apart. The template may place ``{{ slot }}`` once: each card comes back as ``(row, before, after)`` so that
    what depends on the search (the "matched in another language" note) goes between. Only for rows whose card
    does not depend on who is looking (the visibility filter chose the rows); ``timeout`` bounds what depends on
    the clock (a call's "closes in").
    """
    rows = list(rows)
    if not rows:
        return []
    language = get_language()
    extra = tuple(extra)
    keys = [f"frag:rows:{name}:{language}:{template}:{row.pk}:{row_stamp(row, extra)}" for row in rows]
    found = cache.get_many(keys)
    fresh: dict[str, str] = {}
    out = []
    for row, row_key in zip(rows, keys, strict=True):
        html = found.get(row_key)
        if html is None:
            html = render_to_string(template, {"row": row, "slot": mark_safe(SLOT)})
            fresh[row_key] = html
        before, _slot, after = html.partition(SLOT)
        out.append((row, mark_safe(before), mark_safe(after)))
    if fresh:
        cache.set_many(fresh, timeout)
    return out
