"""The main navigation: the entries apps register from their ``AppConfig.ready``, in their order.

An entry names a URL pattern that must exist (a missing one is an error at the first request, not a silent
omission). The links to a signed-in person's own work are ``govtech.accounts.navigation``'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class Entry:
    url_name: str
    label: str | Promise
    order: int
    signed_in_only: bool = False


_MAIN: list[Entry] = []


def register_main_entry(url_name: str, label: str | Promise, *, order: int, signed_in_only: bool = False) -> None:
    """Add a link to the main navigation (lower ``order`` first); registering the same URL name again is a no-op."""
    if all(entry.url_name != url_name for entry in _MAIN):
        _MAIN.append(Entry(url_name, label, order, signed_in_only))
        _MAIN.sort(key=lambda entry: entry.order)


def links(request: HttpRequest, entries: list[tuple[str, str | Promise]]) -> list[dict[str, Any]]:
    """The navigation items for ``(url name, label)`` pairs, marked active when the page lies under them."""
    items = []
    for name, label in entries:
        url = reverse(name)
        items.append({"url": url, "label": label, "active": request.path.startswith(url)})
    return items


def main_navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``main_navigation``."""
    signed_in = request.user.is_authenticated
    entries = [(entry.url_name, entry.label) for entry in _MAIN if signed_in or not entry.signed_in_only]
    return {"main_navigation": links(request, entries)}
