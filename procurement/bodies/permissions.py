"""Who may act for a public body: officers, approvers, managers of its members."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.utils.translation import gettext as _

from govtech.accounts.models import Membership, Organisation
from govtech.accounts.roles import Actor, public_body_ids, signed_in
from govtech.core.errors import ApplicationError, NotAllowed
from procurement.bodies.models import PublicBody

OFFICER_ROLES = frozenset({Membership.Role.OFFICER, Membership.Role.APPROVER})


APPROVER_ROLES = frozenset({Membership.Role.APPROVER})


def is_officer(user: Actor, body_id: int) -> bool:
    """An active officer or approver of the body. Site roles (admin included) give no power over a body: an
    administrator acts for one only through a membership, like anyone else."""
    return body_id in public_body_ids(user, OFFICER_ROLES)


def is_approver(user: Actor, body_id: int) -> bool:
    """An active approver of the body (only through a membership, see ``is_officer``)."""
    return body_id in public_body_ids(user, APPROVER_ROLES)


def require_officer(actor: Actor, body_id: int) -> None:
    if not is_officer(actor, body_id):
        raise NotAllowed(_("Only officers of this public body may do this."))


def require_verified_body(body: Organisation) -> None:
    profile = PublicBody.objects.filter(organisation=body).first()
    if profile is None or not profile.is_verified:
        raise ApplicationError(_("Nothing is published in the name of a public body until it is verified."))


def is_body_approver(user: Actor, body: PublicBody) -> bool:
    """An active approver of ``body`` (admins are not, see ``can_manage``)."""
    if not signed_in(user):
        return False
    return Membership.objects.filter(
        user=user, organisation_id=body.organisation_id, role=Membership.Role.APPROVER, status=Membership.Status.ACTIVE
    ).exists()


def can_manage(user: Actor, body: PublicBody) -> bool:
    """The body's active approvers manage its people and profile. Administrators do not (they verify bodies and
    their official domains, approve the first approver's claim and may suspend or remove a membership:
    ``procurement.bodies.services``)."""
    return is_body_approver(user, body)


def verified_emails(user: Actor) -> set[str]:
    """The user's e-mail addresses that allauth marks verified, lower-cased."""
    if not signed_in(user):
        return set()
    return {e.lower() for e in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)}


def on_official_domain(user: Actor, body: PublicBody) -> bool:
    return any(body.domain_matches(address) for address in verified_emails(user))
