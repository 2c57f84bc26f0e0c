"""DRF permission classes of the registry, named after the rule they apply."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission

from govtech.accounts.models import Membership
from govtech.accounts.roles import Actor, is_admin, signed_in
from startups.models import Supplier


class IsPortalAdmin(BasePermission):
    message = "Only portal administrators can do this."

    def has_permission(self, request: Any, view: Any) -> bool:
        return is_admin(request.user)


class CanEditSupplier(BasePermission):
    """Reads for anyone who can see the object; writes for the supplier's owners (and admins)."""

    message = "Only the organisation's owners can change it."

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        supplier = getattr(obj, "supplier", obj)
        return can_edit(request.user, supplier)


def _active_roles(user: Actor | None, supplier: Supplier) -> set[str]:
    if not signed_in(user):
        return set()
    cache: dict[int, set[str]] | None = getattr(user, "_startups_roles", None)
    if cache is None:
        cache = {}
        setattr(user, "_startups_roles", cache)  # noqa: B010 - a per-request cache on the user object
    key = supplier.organisation_id
    if key not in cache:
        cache[key] = set(
            Membership.objects.filter(user=user, organisation_id=key, status=Membership.Status.ACTIVE).values_list(
                "role", flat=True
            )
        )
    return set(cache[key])


def forget(user: Actor) -> None:
    """Drop the per-request role cache after a membership changed."""
    if hasattr(user, "_startups_roles"):
        del user._startups_roles


def is_owner(user: Actor | None, supplier: Supplier) -> bool:
    return Membership.Role.OWNER in _active_roles(user, supplier)


def is_member(user: Actor | None, supplier: Supplier) -> bool:
    """Any active member of the supplier's organisation, owners included."""
    return bool(_active_roles(user, supplier))


def can_edit(user: Actor | None, supplier: Supplier) -> bool:
    """Only the organisation's active owners edit it. Site roles (admin included) give no power over an
    organisation: administrators verify, sanction and suspend through their own services, not as owners."""
    return is_owner(user, supplier)


def can_see_private(user: Actor | None, supplier: Supplier) -> bool:
    """Members, admins and auditors see the team and the compliance documents."""
    if is_member(user, supplier):
        return True
    return bool(signed_in(user) and user.has_site_role("admin", "auditor"))
