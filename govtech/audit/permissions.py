from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

from govtech.accounts.roles import Actor, signed_in


class CanReadAuditTrail(BasePermission):
    """Auditors and administrators, read-only."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return request.method in ("GET", "HEAD", "OPTIONS") and can_read_audit_trail(request.user)


def can_read_audit_trail(user: Actor) -> bool:
    return signed_in(user) and user.has_site_role(user.SiteRole.AUDITOR, user.SiteRole.ADMIN)
