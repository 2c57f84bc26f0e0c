"""DRF permission classes of the recommendations API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from govtech.accounts.models import Membership, Organisation
from govtech.accounts.roles import Actor, signed_in
from recommendations.models import ASSESSOR_ROLES


class CanAssessBody(BasePermission):
    """Writes to an assessment are for the body's active officers and approvers."""

    message = _("Only the body's officers and approvers can assess it.")

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        return request.method in SAFE_METHODS or can_assess(request.user, obj)


EDIT_ROLES = ("admin", "editor")


PUBLISH_ROLES = ("admin", "publisher")


CURATION_READ_ROLES = ("admin", "editor", "publisher", "auditor")


def _has(user: Actor | None, roles: tuple[str, ...]) -> bool:
    return signed_in(user) and user.has_site_role(*roles)


def can_edit_catalogue(user: Actor | None) -> bool:
    """Editors (and admins) draft and propose changes."""
    return _has(user, EDIT_ROLES)


def can_publish_catalogue(user: Actor | None) -> bool:
    """Publishers (and admins) publish, send back and archive."""
    return _has(user, PUBLISH_ROLES)


def can_read_curation(user: Actor | None) -> bool:
    """Staff who may see drafts, history and diffs (auditors read only)."""
    return _has(user, CURATION_READ_ROLES)


def can_assess(user: Actor | None, organisation: Organisation) -> bool:
    """Only a public body's active officers and approvers assess for it."""
    if not signed_in(user) or organisation.kind != Organisation.Kind.PUBLIC_BODY:
        return False
    return Membership.objects.active().filter(user=user, organisation=organisation, role__in=ASSESSOR_ROLES).exists()


def is_member(user: Actor | None, organisation: Organisation) -> bool:
    if not signed_in(user):
        return False
    return Membership.objects.active().filter(user=user, organisation=organisation).exists()


def can_link_practice(user: Actor | None, organisation: Organisation) -> bool:
    """A public body's active officers and approvers link its challenges and calls to recommendations."""
    return can_assess(user, organisation)
