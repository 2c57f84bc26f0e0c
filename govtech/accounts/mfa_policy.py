"""Who must use multi-factor authentication.

Officials of a public body (officer, evaluator, approver with an active membership) and staff
with a site role (admin, editor, publisher, auditor) must; suppliers may. The rule is switched by
``MFA_REQUIRED_FOR_OFFICIALS`` (forced on in production).
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.conf import settings

from govtech.accounts.models import Membership, Organisation
from govtech.accounts.roles import Actor, signed_in


def mfa_required_for(user: Actor) -> bool:
    """True when the rules require ``user`` to use MFA (whatever the setting says)."""
    if not signed_in(user):
        return False
    if user.is_superuser or user.site_roles:
        return True
    return Membership.objects.filter(
        user=user,
        status=Membership.Status.ACTIVE,
        role__in=Membership.PUBLIC_BODY_ROLES,
        organisation__kind=Organisation.Kind.PUBLIC_BODY,
    ).exists()


def mfa_enforced_for(user: Actor) -> bool:
    """True when the deployment enforces MFA and the rules require it for ``user``."""
    return bool(settings.MFA_REQUIRED_FOR_OFFICIALS) and mfa_required_for(user)


def has_totp(user: Actor) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()
