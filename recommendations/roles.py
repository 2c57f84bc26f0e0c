"""Who may do what in the recommendations app, as small named predicates."""

from __future__ import annotations

from typing import Any

from govtech.accounts.models import Membership, Organisation
from recommendations.models import ASSESSOR_ROLES

EDIT_ROLES = ("admin", "editor")
PUBLISH_ROLES = ("admin", "publisher")
CURATION_READ_ROLES = ("admin", "editor", "publisher", "auditor")


def _has(user: Any, roles: tuple[str, ...]) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_site_role(*roles)


def can_edit_catalogue(user: Any) -> bool:
    """Editors (and admins) draft and propose changes."""
    return _has(user, EDIT_ROLES)


def can_publish_catalogue(user: Any) -> bool:
    """Publishers (and admins) publish, send back and archive."""
    return _has(user, PUBLISH_ROLES)


def can_read_curation(user: Any) -> bool:
    """Staff who may see drafts, history and diffs (auditors read only)."""
    return _has(user, CURATION_READ_ROLES)


def can_assess(user: Any, organisation: Organisation) -> bool:
    """Only a public body's active officers and approvers assess for it."""
    if not getattr(user, "is_authenticated", False) or organisation.kind != Organisation.Kind.PUBLIC_BODY:
        return False
    return Membership.objects.active().filter(user=user, organisation=organisation, role__in=ASSESSOR_ROLES).exists()


def is_member(user: Any, organisation: Organisation) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.active().filter(user=user, organisation=organisation).exists()


def can_link_practice(user: Any, organisation: Organisation) -> bool:
    """A public body's active officers and approvers link its challenges and calls to recommendations."""
    return can_assess(user, organisation)
