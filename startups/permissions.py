"""DRF permission classes of the registry, named after the rule they apply."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission

from startups import access


class IsPortalAdmin(BasePermission):
    message = "Only portal administrators can do this."

    def has_permission(self, request: Any, view: Any) -> bool:
        return access.is_admin(request.user)


class CanEditSupplier(BasePermission):
    """Reads for anyone who can see the object; writes for the supplier's owners (and admins)."""

    message = "Only the organisation's owners can change it."

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        supplier = getattr(obj, "supplier", obj)
        return access.can_edit(request.user, supplier)
