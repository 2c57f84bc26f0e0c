"""Who may do what to a supplier: the rules every service, view and API permission asks."""

from __future__ import annotations

from typing import Any

from govtech.accounts.models import Membership
from startups.models import Supplier


def _active_roles(user: Any, supplier: Supplier) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_startups_roles", None)
    if cache is None:
        cache = {}
        user._startups_roles = cache
    key = supplier.organisation_id
    if key not in cache:
        cache[key] = set(
            Membership.objects.filter(user=user, organisation_id=key, status=Membership.Status.ACTIVE).values_list(
                "role", flat=True
            )
        )
    return set(cache[key])


def forget(user: Any) -> None:
    """Drop the per-request role cache after a membership changed."""
    if hasattr(user, "_startups_roles"):
        del user._startups_roles


def is_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_site_role("admin"))


def is_owner(user: Any, supplier: Supplier) -> bool:
    return Membership.Role.OWNER in _active_roles(user, supplier)


def is_member(user: Any, supplier: Supplier) -> bool:
    """Any active member of the supplier's organisation, owners included."""
    return bool(_active_roles(user, supplier))


def can_edit(user: Any, supplier: Supplier) -> bool:
    """Only owners edit their organisation (and portal admins)."""
    return is_owner(user, supplier) or is_admin(user)


def can_see_private(user: Any, supplier: Supplier) -> bool:
    """Members, admins and auditors see the team and the compliance documents."""
    if is_member(user, supplier):
        return True
    return bool(getattr(user, "is_authenticated", False) and user.has_site_role("admin", "auditor"))
