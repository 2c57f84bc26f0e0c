"""Links to a signed-in person's own work, by what they are (context processor ``account_navigation``).

Apps register an entry with a predicate over the person's active roles, read once per page: a supplier's members get
their applications, a public body's officers their workspace, evaluators their assignments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise, SimpleLazyObject

from govtech.accounts.models import Membership, User
from govtech.accounts.roles import signed_in
from govtech.core.navigation import links


@dataclass(frozen=True)
class Roles:
    """The (organisation kind, role) pairs a person holds actively."""

    held: frozenset[tuple[str, str]]

    @property
    def kinds(self) -> set[str]:
        return {kind for kind, _role in self.held}

    def roles_in(self, kind: str) -> set[str]:
        return {role for held_kind, role in self.held if held_kind == kind}


Shows = Callable[[User, Roles], bool]
_ENTRIES: list[tuple[int, str, str | Promise, Shows]] = []


def register_account_entry(url_name: str, label: str | Promise, shows: Shows, *, order: int) -> None:
    """Link to ``url_name`` for the signed-in people for whom ``shows(user, roles)`` is true."""
    if all(existing != url_name for _order, existing, _label, _shows in _ENTRIES):
        _ENTRIES.append((order, url_name, label, shows))
        _ENTRIES.sort(key=lambda entry: entry[0])


def roles_of(user: User) -> Roles:
    return Roles(frozenset(Membership.objects.active().filter(user=user).values_list("organisation__kind", "role")))


def holds_in_request(request: HttpRequest, kind: str, roles: Iterable[str]) -> bool:
    """Whether the request's signed-in person holds one of ``roles`` actively in an organisation of ``kind``, from
    ``request_roles``: a page that also shows the header's links asks no query of its own; a block that lists
    such organisations skips its query when the answer is no."""
    user = request.user
    if not isinstance(user, User) or not signed_in(user):
        return False
    return not request_roles(request, user).roles_in(kind).isdisjoint({str(role) for role in roles})


def request_roles(request: HttpRequest, user: User) -> Roles:
    """``roles_of(user)``, the request's signed-in person, read once per request (the header's links and its
    "needs you" count both use them)."""
    cached = request.__dict__.get("_account_roles")
    if cached is None or cached[0] != user.pk:
        cached = (user.pk, roles_of(user))
        request.__dict__["_account_roles"] = cached
    return cached[1]


def account_links(request: HttpRequest) -> list[dict[str, Any]]:
    """One query for the person's memberships; an entry's predicate may ask one more (e.g. a panel seat)."""
    user = request.user
    if not isinstance(user, User) or not signed_in(user):
        return []
    roles = request_roles(request, user)
    return links(request, [(name, label) for _order, name, label, shows in _ENTRIES if shows(user, roles)])


def account_navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``account_navigation``, computed only if the page shows it."""
    return {"account_navigation": SimpleLazyObject(lambda: account_links(request))}
