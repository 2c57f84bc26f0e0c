from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

from govtech.audit.models import can_read_audit_trail


class CanReadAuditTrail(BasePermission):
    """Auditors and administrators, read-only."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return request.method in ("GET", "HEAD", "OPTIONS") and can_read_audit_trail(request.user)
