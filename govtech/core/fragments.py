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
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

T = TypeVar("T")
DEFAULT_TIMEOUT = 600  # seconds: also bounds staleness when an invalidation cannot reach Redis

_connected: set[tuple[str, str]] = set()


def _version_key(name: str) -> str:
    return f"fragver:{name}"


def version(name: str) -> int:
    current = cache.get(_version_key(name))
    if current is None:
        cache.add(_version_key(name), time.time_ns(), None)
        current = cache.get(_version_key(name)) or 0
    return int(current)


def bump(name: str) -> None:
    """Invalidate every cached copy of fragment ``name``."""
    cache.set(_version_key(name), time.time_ns(), None)


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
    return value  # type: ignore[no-any-return]


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
