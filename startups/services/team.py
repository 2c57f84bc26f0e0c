"""The team: owners invite people by e-mail, people ask to join, owners decide; never without an owner."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govtech.accounts.models import Membership, User
from govtech.accounts.roles import Actor, is_admin, person, signed_in
from govtech.audit.services import audit_record
from govtech.core.errors import ApplicationError, Conflict, InvalidTransition, NotAllowed
from govtech.notifications.kinds import Kind
from govtech.notifications.services import notification_emit
from startups.models import Supplier
from startups.permissions import can_edit, forget

LAST_OWNER_MESSAGE = gettext_lazy("An organisation cannot lose its last owner: make someone else an owner first.")
ROLES = (Membership.Role.OWNER, Membership.Role.MEMBER)


def _owners(supplier: Supplier) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organisation_id=supplier.organisation_id,
            memberships__role=Membership.Role.OWNER,
            memberships__status=Membership.Status.ACTIVE,
            is_active=True,
        ).distinct()
    )


def _admins() -> list[User]:
    return list(
        User.objects.filter(is_active=True).filter(Q(is_superuser=True) | Q(site_roles__contains=[User.SiteRole.ADMIN]))
    )


def _lock_memberships(supplier: Supplier) -> list[Membership]:
    """Lock the organisation's memberships so two owners cannot both step down at once."""
    return list(Membership.objects.select_for_update().filter(organisation_id=supplier.organisation_id).order_by("pk"))


def _active_owner_count(rows: list[Membership]) -> int:
    return sum(1 for m in rows if m.role == Membership.Role.OWNER and m.status == Membership.Status.ACTIVE)


def _existing(supplier: Supplier, user: User) -> Membership | None:
    return (
        Membership.objects.select_for_update()
        .filter(organisation_id=supplier.organisation_id, user=user, role__in=ROLES)
        .order_by("pk")
        .first()
    )


def _audit(actor: Actor, verb: str, membership: Membership, before: dict[str, Any] | None = None) -> None:
    audit_record(
        actor=actor,
        verb=verb,
        target=membership,
        before=before,
        after={"user": membership.user_id, "role": membership.role, "status": membership.status},
        organisation_id=membership.organisation_id,
    )


@transaction.atomic
def membership_invite(
    *, actor: Actor, supplier: Supplier, email: str, role: str = Membership.Role.MEMBER
) -> Membership:
    """An owner invites ``email``. Someone without an account gets one to claim via password reset."""
    if not can_edit(actor, supplier):
        raise NotAllowed(_("Only the organisation's owners can invite people."))
    if role not in ROLES:
        raise ApplicationError(_("Role: choose owner or member."), field="role")
    email = (email or "").strip().lower()
    if "@" not in email:
        raise ApplicationError(_("E-mail: enter an e-mail address like name@example.org."), field="email")
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email, None, language=getattr(actor, "language", "es"))
    membership = _existing(supplier, user)
    if membership is not None and membership.status == Membership.Status.ACTIVE:
        raise Conflict(_("This person is already a member of the organisation."), field="email")
    if membership is None:
        membership = Membership.objects.create(
            user=person(user),
            organisation_id=supplier.organisation_id,
            role=role,
            status=Membership.Status.INVITED,
            invited_by=person(actor),
        )
    else:
        membership.role, membership.status, membership.invited_by = role, Membership.Status.INVITED, person(actor)
        membership.save(update_fields=["role", "status", "invited_by", "updated_at"])
    _audit(actor, "membership.invited", membership)
    notification_emit(
        kind=Kind.MEMBERSHIP_INVITATION,
        recipients=[user],
        event_key=f"membership:{membership.pk}:invited:{membership.updated_at.timestamp():.0f}",
        context={"organisation": supplier.display_name, "inviter": str(actor), "role": role},
        url=reverse("startups:invitations"),
    )
    return membership


@transaction.atomic
def membership_respond(*, actor: Actor, membership: Membership, accept: bool) -> Membership:
    """The invited person accepts (becomes active) or declines (revoked)."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.user_id != getattr(actor, "pk", None):
        raise NotAllowed(_("This invitation is for someone else."))
    if membership.status != Membership.Status.INVITED:
        raise InvalidTransition(_("This invitation is no longer open."))
    membership.status = Membership.Status.ACTIVE if accept else Membership.Status.REVOKED
    membership.save(update_fields=["status", "updated_at"])
    forget(actor)
    _audit(
        actor,
        "membership.accepted" if accept else "membership.declined",
        membership,
        before={"status": Membership.Status.INVITED},
    )
    return membership


@transaction.atomic
def membership_request_join(*, actor: Actor, supplier: Supplier) -> Membership:
    """A signed-in person asks to join; the owners (or, for an ownerless profile, the admins) are told."""
    if not signed_in(actor):
        raise NotAllowed(_("Sign in to ask to join an organisation."))
    membership = _existing(supplier, actor)
    if membership is not None and membership.status in (Membership.Status.ACTIVE, Membership.Status.REQUESTED):
        raise Conflict(_("You are already a member of this organisation or have already asked to join it."))
    if membership is not None and membership.status == Membership.Status.INVITED:
        raise Conflict(_("You have been invited to this organisation: accept the invitation instead."))
    if membership is None:
        membership = Membership.objects.create(
            user=actor,
            organisation_id=supplier.organisation_id,
            role=Membership.Role.MEMBER,
            status=Membership.Status.REQUESTED,
        )
    else:
        membership.role, membership.status = Membership.Role.MEMBER, Membership.Status.REQUESTED
        membership.save(update_fields=["role", "status", "updated_at"])
    _audit(actor, "membership.requested", membership)
    notification_emit(
        kind=Kind.JOIN_REQUEST,
        recipients=_owners(supplier) or _admins(),
        event_key=f"membership:{membership.pk}:requested:{membership.updated_at.timestamp():.0f}",
        context={"organisation": supplier.display_name, "requester": str(actor), "email": actor.email},
        url=reverse("startups:team", args=[supplier.slug]),
    )
    return membership


def _can_decide(actor: Actor, supplier: Supplier) -> bool:
    """Owners decide; admins too, which is how an imported profile without owners gets claimed."""
    return can_edit(actor, supplier)


@transaction.atomic
def membership_decide(*, actor: Actor, membership: Membership, approve: bool) -> Membership:
    """An owner approves (active member) or rejects (revoked) a request to join."""
    supplier = Supplier.objects.get(organisation_id=membership.organisation_id)
    if not _can_decide(actor, supplier):
        raise NotAllowed(_("Only the organisation's owners can decide on requests to join."))
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != Membership.Status.REQUESTED:
        raise InvalidTransition(_("This request has already been decided."))
    membership.status = Membership.Status.ACTIVE if approve else Membership.Status.REVOKED
    if approve and not _owners(supplier) and is_admin(actor):
        membership.role = Membership.Role.OWNER  # an ownerless (imported) profile gets its first owner
    membership.save(update_fields=["status", "role", "updated_at"])
    _audit(
        actor,
        "membership.approved" if approve else "membership.rejected",
        membership,
        before={"status": Membership.Status.REQUESTED},
    )
    return membership


@transaction.atomic
def membership_change_role(*, actor: Actor, membership: Membership, role: str) -> Membership:
    """An owner makes a member an owner or an owner a member; the last owner cannot step down."""
    supplier = Supplier.objects.get(organisation_id=membership.organisation_id)
    if not can_edit(actor, supplier):
        raise NotAllowed(_("Only the organisation's owners can change roles."))
    if role not in ROLES:
        raise ApplicationError(_("Role: choose owner or member."), field="role")
    rows = _lock_memberships(supplier)
    membership = next(m for m in rows if m.pk == membership.pk)
    if membership.status != Membership.Status.ACTIVE:
        raise InvalidTransition(_("Only active members can change role."))
    if membership.role == role:
        return membership
    if membership.role == Membership.Role.OWNER and _active_owner_count(rows) <= 1:
        raise Conflict(str(LAST_OWNER_MESSAGE), field="role")
    if any(m.user_id == membership.user_id and m.role == role and m.pk != membership.pk for m in rows):
        Membership.objects.filter(
            user_id=membership.user_id, organisation_id=membership.organisation_id, role=role
        ).exclude(pk=membership.pk).delete()
    before = {"role": membership.role}
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    forget(actor)
    _audit(actor, "membership.role_changed", membership, before=before)
    return membership


@transaction.atomic
def membership_remove(*, actor: Actor, membership: Membership) -> Membership:
    """An owner removes someone, or a person leaves; the last owner can do neither."""
    supplier = Supplier.objects.get(organisation_id=membership.organisation_id)
    leaving = membership.user_id == getattr(actor, "pk", None)
    if not leaving and not can_edit(actor, supplier):
        raise NotAllowed(_("Only the organisation's owners can remove people."))
    rows = _lock_memberships(supplier)
    membership = next(m for m in rows if m.pk == membership.pk)
    if membership.status == Membership.Status.REVOKED:
        raise InvalidTransition(_("This person is no longer a member."))
    if (
        membership.role == Membership.Role.OWNER
        and membership.status == Membership.Status.ACTIVE
        and _active_owner_count(rows) <= 1
    ):
        raise Conflict(str(LAST_OWNER_MESSAGE))
    before = {"status": membership.status}
    membership.status = Membership.Status.REVOKED
    membership.save(update_fields=["status", "updated_at"])
    forget(actor)
    _audit(actor, "membership.removed", membership, before=before)
    return membership
