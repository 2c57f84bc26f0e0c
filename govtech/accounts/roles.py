"""The one vocabulary for asking who someone is: site roles and organisation roles.

Every app's ``permissions.py`` builds its predicates from these. ``Actor`` is whoever makes a request or calls a
service: a signed-in ``User`` or Django's ``AnonymousUser`` (tasks and commands pass a ``User``, or ``None`` where
a service allows the system itself to act).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from typing_extensions import TypeIs

from govtech.accounts.models import Membership, Organisation, User
from govtech.core.errors import NotAllowed

Actor: TypeAlias = User | AnonymousUser

SiteRole = User.SiteRole
OrganisationRole = Membership.Role


def signed_in(actor: Actor | None) -> TypeIs[User]:
    """A signed-in person (narrows ``actor`` to ``User`` for the type checker)."""
    return isinstance(actor, User) and actor.is_authenticated


def person(actor: Actor | None) -> User:
    """The signed-in person who acts. Services that record who did something ask for it: an anonymous visitor is
    refused (403) rather than reaching a query or a row that needs a user."""
    if isinstance(actor, User) and actor.is_authenticated:
        return actor
    raise NotAllowed(_("Sign in to do this."))


def has_site_role(actor: Actor | None, *roles: str) -> bool:
    """Whether ``actor`` holds one of the site-wide staff roles (a superuser holds them all)."""
    return isinstance(actor, User) and actor.has_site_role(*roles)


def is_admin(actor: Actor | None) -> bool:
    return has_site_role(actor, SiteRole.ADMIN)


def organisation_ids(actor: Actor | None, *, kind: str | None = None, roles: Iterable[str] | None = None) -> list[int]:
    """Ids of the organisations where ``actor`` holds an active role (of ``roles``, of ``kind``: any by default)."""
    if not isinstance(actor, User):
        return []
    qs = Membership.objects.active().filter(user=actor)
    if kind:
        qs = qs.filter(organisation__kind=kind)
    roles = list(roles or ())
    if roles:
        qs = qs.filter(role__in=roles)
    return list(qs.values_list("organisation_id", flat=True).distinct())


def public_body_ids(actor: Actor | None, roles: Iterable[str] | None = None) -> list[int]:
    """Ids of the public bodies where ``actor`` holds an active role (of ``roles``: any by default)."""
    return organisation_ids(actor, kind=Organisation.Kind.PUBLIC_BODY, roles=roles)


def holds_role(actor: Actor | None, organisation_id: int, roles: Iterable[str] | None = None) -> bool:
    """Whether ``actor`` holds an active role (of ``roles``: any by default) in the organisation."""
    if not isinstance(actor, User):
        return False
    qs = Membership.objects.active().filter(user=actor, organisation_id=organisation_id)
    roles = list(roles or ())
    if roles:
        qs = qs.filter(role__in=roles)
    return qs.exists()
