"""Whole public pages cached for anonymous visitors, with the same versioned invalidation as fragments.

A visitor who is not signed in sees the same page as every other visitor for a given address and
language, except for two per-request values: the CSP nonce of the inline script and the CSRF token
of the language switch. ``public_page`` stores the rendered page once with both replaced by markers
and serves later visitors from the cache, putting their own nonce and token back in. Signed-in
people, requests that are not GET/HEAD, visitors with a pending message, and answers other than a
plain 200 always go through the view.

The key carries the versions of ``PUBLIC`` (bumped by any write to the models public pages are made
of: see ``connect``; and by ``retire``, which services writing public rows in bulk call) and of the
fragments the registry and the calls already keep (``registry``, ``calls``, bumped also by the
services that write with ``QuerySet.update()``), so a write is seen on the next request. Copies also
expire after ``TIMEOUT`` seconds, which bounds anything that moves with the clock (a deadline
passing, "closes in 3 days", the call's timeline).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from govtech.core import fragments

PUBLIC = "public"
TIMEOUT = 60  # seconds
NAMES = (PUBLIC, "registry", "calls")
MAX_QUERY = 512  # longer query strings are served, not cached (they cannot multiply the keys)

# What public pages are made of, registered by each app (``register_public``): whole apps, minus their private
# models, and single models. Every other model (sessions, audit, outbox, tokens, jobs, match results written in
# bulk by workers) changes nothing a visitor sees.
_PUBLIC_APPS: set[str] = set()
_PUBLIC_MODELS: set[str] = set()
_PRIVATE_MODELS: set[str] = set()

_NONCE = "\x00nonce\x00"
_CSRF = "\x00csrf\x00"
_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
_HEADERS_KEPT = ("Content-Type",)


def _is_public(sender: Any) -> bool:
    meta = getattr(sender, "_meta", None)
    if meta is None:
        return False
    if meta.label_lower in _PUBLIC_MODELS:
        return True
    if meta.auto_created:  # an m2m table: public when the model it belongs to is
        return meta.app_label in _PUBLIC_APPS
    return meta.app_label in _PUBLIC_APPS and meta.label_lower not in _PRIVATE_MODELS


def register_public(*, apps: tuple[str, ...] = (), models: tuple[str, ...] = (), private: tuple[str, ...] = ()) -> None:
    """Declare what public pages are made of (from an app's ``AppConfig.ready``): every model of ``apps`` (app
    labels) except the ``private`` ones, and the single ``models`` (``app_label.modelname``, lower case)."""
    _PUBLIC_APPS.update(apps)
    _PUBLIC_MODELS.update(models)
    _PRIVATE_MODELS.update(private)


def _on_write(sender: Any, **kwargs: Any) -> None:
    if _is_public(sender):
        fragments.bump_now_and_on_commit(PUBLIC)


def retire() -> None:
    """Retire every cached public page now and again on commit: for services that write public rows with
    ``bulk_create``, ``QuerySet.update()`` or raw SQL, which send no signal."""
    fragments.bump_now_and_on_commit(PUBLIC)


def connect() -> None:
    """Bump ``PUBLIC`` on every save, delete and m2m change of a public model (called once, at start)."""
    post_save.connect(_on_write, weak=False, dispatch_uid="pagecache:save")
    post_delete.connect(_on_write, weak=False, dispatch_uid="pagecache:delete")
    m2m_changed.connect(_on_write, weak=False, dispatch_uid="pagecache:m2m")


def cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or len(request.META.get("QUERY_STRING", "")) > MAX_QUERY:
        return False
    if getattr(request, "user", None) is None or request.user.is_authenticated:
        return False
    if "messages" in request.COOKIES:
        return False
    session = getattr(request, "session", None)
    return not (session is not None and session.session_key and session.get("_messages"))


def request_key(request: HttpRequest, names: Iterable[str], *extra: str) -> str:
    """The cache key of what an anonymous visitor gets at this address, in this language, at the current
    versions of ``names``."""
    versions = fragments.versions(names)
    text = "\x1f".join(
        [
            get_language() or "",
            request.get_host(),
            request.scheme or "",
            request.get_full_path(),
            *extra,
            *map(str, versions),
        ]
    )
    return "page:" + hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _store(request: HttpRequest, response: HttpResponse) -> dict[str, Any] | None:
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return None
    content = response.content.decode(response.charset)
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str):
        content = content.replace(nonce, _NONCE)
    content = _CSRF_INPUT.sub(lambda m: m.group(1) + _CSRF + m.group(2), content)
    headers = {name: response[name] for name in _HEADERS_KEPT if response.has_header(name)}
    return {"content": content, "headers": headers, "charset": response.charset}


def _serve(request: HttpRequest, stored: dict[str, Any]) -> HttpResponse:
    content: str = stored["content"]
    if _NONCE in content:
        content = content.replace(_NONCE, str(request.csp_nonce))  # type: ignore[attr-defined]
    if _CSRF in content:
        parts = content.split(_CSRF)
        content = parts[0] + "".join(get_token(request) + part for part in parts[1:])
    response = HttpResponse(content.encode(stored["charset"]), headers=stored["headers"])
    response["X-Page-Cache"] = "hit"
    return response


def public_page(
    *names: str, timeout: int = TIMEOUT
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Serve the view's answer to anonymous visitors from the cache (see the module's doc).

    ``names``: extra fragment versions the page depends on, beyond ``NAMES``.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not cacheable_request(request):
                return view(request, *args, **kwargs)
            with fragments.versions_held():  # the key's versions serve the page's fragments too
                return serve(request, *args, **kwargs)

        def serve(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            key = request_key(request, (*NAMES, *names))
            stored = cache.get(key)
            if stored is not None:
                return _serve(request, stored)
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            entry = _store(request, response)
            if entry is not None:
                cache.set(key, entry, timeout)
            return response

        return wrapped

    return decorator


def is_public_model(model: type[models.Model]) -> bool:
    """Whether a write to ``model`` retires the cached public pages (for tests and docs)."""
    return _is_public(model)
