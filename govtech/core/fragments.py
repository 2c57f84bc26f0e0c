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
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.postgres.expressions import ArraySubquery
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import models, transaction
from django.db.models import Case, CharField, F, Func, OuterRef, Prefetch, QuerySet, TextField, Value, When
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


def page_number(raw: object) -> str:
    """A page number as a visitor typed it, for a cache key and a ranked page: digits only (anything else, ``None``
    included, is the first page, as ``get_page`` does; "1", not ``None``, lets a ranked page count in one query)."""
    text = "" if raw is None else str(raw).strip()
    return text if text.isdigit() and len(text) <= 6 else "1"


class IdsPage(Page):
    """A page whose rows' ids are known before its rows are read: ``ids`` in the list's order and ``source``, the
    queryset they are read from (the list's visibility, with what its cards show). ``object_list`` reads them, in
    that order, only when asked; result cards are looked up by id without reading them at all (``cached_rows``)."""

    def __init__(self, ids: list[Any], source: QuerySet[Any], number: int, paginator: Paginator) -> None:
        self.ids = list(ids)
        self.source = source
        if not self.ids:
            read = source.none()
        else:
            read = source.filter(pk__in=self.ids).order_by(
                Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(self.ids)))
            )
        super().__init__(read, number, paginator)


def _page_ids(qs: QuerySet[Any], number: Any, per_page: int) -> dict[str, Any]:
    """The count of ``qs`` and the ids of its page ``number`` (the last or first page when out of range)."""
    ids = qs.prefetch_related(None)
    ranked = ranked_slice(ids, number, per_page, ids_only=True)  # a ranked page: its count in the same query
    if ranked is not None:
        return {"count": ranked[1], "number": int(str(number)), "ids": ranked[0]}
    paginator = Paginator(ids.values_list("pk", flat=True), per_page)
    page = paginator.get_page(number)
    return {"count": paginator.count, "number": page.number, "ids": list(page.object_list)}


def _ids_page(qs: QuerySet[Any], data: dict[str, Any], per_page: int, rows: QuerySet[Any] | None) -> IdsPage:
    paginator = Paginator(qs, per_page)
    paginator.__dict__["count"] = data["count"]  # the cached_property, filled from what was read
    return IdsPage(data["ids"], qs if rows is None else rows, data["number"], paginator)


def ids_page(qs: QuerySet[Any], number: Any, per_page: int, *, rows: QuerySet[Any] | None = None) -> IdsPage:
    """Page ``number`` of ``qs`` read in two steps: its ids (and the count), then, when shown, its rows by id from
    ``rows`` (``qs`` by default). What ``cached_page`` does for visitors, for a list that is not shared (a signed-in
    person's): its cards are then looked up by id too. ``number`` as a visitor typed it (anything but digits is the
    first page, past the end the last)."""
    number = page_number(number)
    return _ids_page(qs, _page_ids(qs, number, per_page), per_page, rows)


def cached_page(
    name: str,
    parts: Iterable[Any],
    qs: QuerySet[Any],
    number: Any,
    per_page: int,
    timeout: int = DEFAULT_TIMEOUT,
    *,
    rows: QuerySet[Any] | None = None,
) -> IdsPage:
    """A page of ``qs`` whose total and row ids come from fragment ``name``; the rows are read by id.

    For public lists whose query is expensive (a ranked full-text search over 100,000 suppliers):
    the count and the page's ids are cached under ``parts`` (the normalised filters, the language)
    and the page number; the rows are then read with ``rows.filter(pk__in=ids)`` (``rows``: the list's
    visibility queryset, with what the cards show; ``qs`` itself by default), so a row that left the list
    since (suspended, unpublished) is still never shown, and the search is not run a second time to read
    twenty rows (the ids only change when the fragment does). Only for querysets that do not depend on who
    is asking (anonymous visitors). ``number`` as a visitor typed it (``page_number``).
    """
    number = page_number(number)
    data = get_or_build(name, (*parts, "page", number, per_page), lambda: _page_ids(qs, number, per_page), timeout)
    return _ids_page(qs, data, per_page, rows)


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


def _columns(model: type[models.Model], prefix: str = "", skip: Iterable[str] = ()) -> list[F]:
    skip = set(skip)
    return [F(prefix + f.attname) for f in model._meta.concrete_fields if prefix + f.name not in skip]


def _joined(model: type[models.Model], tree: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(path, model) of each row ``select_related`` joins (``tree``: ``query.select_related``)."""
    for name, below in tree.items():
        related: Any = model._meta.get_field(name).related_model
        yield prefix + name, related
        yield from _joined(related, below, prefix + name + "__")


def _prefetched(model: type[models.Model], lookup: str | Prefetch) -> ArraySubquery:
    """The rows one prefetch reads for a row, as an array of their texts in id order."""
    through = lookup.prefetch_through if isinstance(lookup, Prefetch) else lookup
    if "__" in through:
        raise ValueError(f"a card's stamp covers one level of prefetch, not {through!r}")
    field: Any = model._meta.get_field(through)
    related: Any = field.related_model
    queryset = lookup.queryset if isinstance(lookup, Prefetch) else None
    if queryset is None:
        queryset = related._default_manager.all()
    elif queryset.query.select_related:
        raise ValueError(f"a card's stamp covers the rows {through!r} reads, not the rows they join")
    if field.many_to_many and not field.auto_created:  # a ManyToManyField of the model
        back = field.related_query_name()
    elif field.auto_created and (field.one_to_many or field.many_to_many):  # the other side's key or m2m
        back = field.field.name
    else:
        raise ValueError(f"a card's stamp cannot follow {through!r}")
    text = Func(*_columns(related), template="ROW(%(expressions)s)::text", output_field=TextField())
    return ArraySubquery(queryset.filter(**{back: OuterRef("pk")}).order_by("pk").values(_row=text))


def stamp_of(qs: QuerySet[Any]) -> Func:
    """An expression giving each row of ``qs`` the digest of everything ``qs`` reads of it: its loaded columns, the
    rows ``select_related`` joins, and the rows each prefetch reads (with the prefetch's own filter, such as
    "sanctions in force"), as PostgreSQL sees them when asked. Two reads of an unchanged row give the same stamp;
    any change to what a card of it can show gives another, whoever made it (a service, a bulk ``update()``, an
    operator's SQL), and a row is stamped without being read into Python."""
    names, deferring = qs.query.deferred_loading
    if not deferring and names:
        raise ValueError("a card's stamp covers the columns a queryset defers, not those of only()")
    tree = qs.query.select_related
    if tree is True:
        raise ValueError("a card's stamp needs the relations named: select_related() without names joins them all")
    parts: list[Any] = _columns(qs.model, "", names)
    for path, model in _joined(qs.model, tree or {}):
        parts += _columns(model, path + "__", names)
    parts += [_prefetched(qs.model, lookup) for lookup in qs._prefetch_related_lookups]  # type: ignore[attr-defined]
    return Func(*parts, template="md5(ROW(%(expressions)s)::text)", output_field=CharField())


@dataclass(frozen=True)
class Card:
    """A row's result card: its HTML before and after the card's ``{{ slot }}``, and what ``text`` gave of the row
    when the card was written (what a "matched in another language" note reads, kept so the row is not read)."""

    pk: Any
    text: str
    before: SafeString
    after: SafeString


def cached_rows(
    name: str,
    template: str,
    page: IdsPage,
    timeout: int = DEFAULT_TIMEOUT,
    *,
    text: Callable[[Any], str] | None = None,
) -> list[Card]:
    """``template`` rendered for each row of ``page`` (as ``row``), kept per language and per state of the row.

    A supplier's or a call's result card is the same in every search that finds it: with many different words
    (#19) the rows repeat far more than the searches, so each card is written once. The key is the row's stamp
    (``stamp_of`` the page's source), not a version of the whole list: one supplier editing its profile retires its
    own card, not a hundred thousand others, and a change made behind the services' back still shows at once. The
    stamps of the page's ids come in one query and the cards in one round trip; only the rows whose card is
    missing are read (with their stamp, in the same query, so a card is never stored under an older stamp than
    its content). A row that left ``page.source`` is not shown. ``name`` keeps each list's cards apart. The
    template may place ``{{ slot }}`` once, where what depends on the search goes. Only for rows whose card does
    not depend on who is looking (the visibility filter chose the rows); ``timeout`` bounds what depends on the
    clock (a call's "closes in").
    """
    if not page.ids:
        return []
    prefix = f"frag:rows:{name}:{get_language()}:{template}"
    stamp = stamp_of(page.source)
    stamps = page.source.prefetch_related(None).order_by().filter(pk__in=page.ids).annotate(_stamp=stamp)
    keys = {pk: f"{prefix}:{pk}:{digest}" for pk, digest in stamps.values_list("pk", "_stamp")}
    found = cache.get_many(list(keys.values())) if keys else {}
    cards: dict[Any, tuple[str, str]] = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in keys if pk not in cards]
    if missing:
        fresh = {}
        for row in page.source.filter(pk__in=missing).annotate(_stamp=stamp):
            cards[row.pk] = (
                render_to_string(template, {"row": row, "slot": mark_safe(SLOT)}),
                text(row) if text else "",
            )
            fresh[f"{prefix}:{row.pk}:{row._stamp}"] = cards[row.pk]
        cache.set_many(fresh, timeout)
    out = []
    for pk in page.ids:
        if pk in cards:
            html, kept = cards[pk]
            before, _slot, after = html.partition(SLOT)
            out.append(Card(pk, kept, mark_safe(before), mark_safe(after)))
    return out
