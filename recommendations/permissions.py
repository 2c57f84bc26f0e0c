"""DRF permission classes of the recommendations API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from recommendations.roles import can_assess


class CanAssessBody(BasePermission):
    """Writes to an assessment are for the body's active officers and approvers."""

    message = _("Only the body's officers and approvers can assess it.")

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        return request.method in SAFE_METHODS or can_assess(request.user, obj)
