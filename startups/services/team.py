"""The team: owners invite people by e-mail, people ask to join, owners decide; never without an owner.

Consent: nobody becomes a member of a supplier without one of its active owners agreeing, either by inviting them
(the invitation counts only while its issuer is still an active owner) or by approving their request. Site roles
give no power here (docs/accounts.md): an administrator approves only the first owner's claim of an ownerless
profile, never their own, with the evidence recorded; and may suspend or remove a membership, with a reason, the
organisation's owners being told.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govtech.accounts.history import membership_history_record, membership_status_changed
from govtech.accounts.models import Membership, MembershipEvent, Organisation, User
from govtech.accounts.roles import Actor, is_admin, person, signed_in
from govtech.audit.services import audit_record
from govtech.core.errors import ApplicationError, Conflict, InvalidTransition, NotAllowed
from govtech.notifications.kinds import Kind
from govtech.notifications.messages import in_every_language
from govtech.notifications.services import notification_emit
from startups.models import Supplier
from startups.permissions import forget, is_owner

LAST_OWNER_MESSAGE = gettext_lazy("An organisation cannot lose its last owner: make someone else an owner first.")
ROLES = (Membership.Role.OWNER, Membership.Role.MEMBER)

MSG_ONLY_OWNERS_INVITE = gettext_lazy(
    "Only the organisation's active owners can invite people (rule: consent of an owner; site roles give no "
    "power over an organisation)."
)
MSG_STALE_INVITATION = gettext_lazy(
    "This invitation no longer counts: the person who sent it is not an active owner of the organisation any more "
    "(rule: consent of an owner). Ask an owner to invite you again."
)
MSG_ONLY_OWNERS_DECIDE = gettext_lazy(
    "Only the organisation's active owners can decide on requests to join (rule: consent of an owner; an "
    "administrator only approves the first owner's claim of an organisation that has no owner)."
)
MSG_NOT_YOUR_OWN_CLAIM = gettext_lazy("An administrator cannot approve their own claim to an organisation.")
MSG_EVIDENCE_REQUIRED = gettext_lazy(
    "Record the evidence that this person may act for the organisation (for example: the document checked and "
    "how their identity was confirmed)."
)
MSG_REASON_REQUIRED = gettext_lazy("Give the reason: the organisation's owners or approvers read it.")
MSG_ONLY_ADMINS_SUSPEND = gettext_lazy("Only administrators can suspend or remove someone else's membership this way.")


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


def verification_requested(supplier: Supplier) -> None:
    """Work that waits: tell the portal's administrators a supplier asks to be verified (in the caller's
    transaction; once per request, keyed by the profile's last change)."""
    notification_emit(
        kind=Kind.VERIFICATION_REQUESTED,
        recipients=_admins(),
        event_key=f"supplier:{supplier.pk}:pending:{supplier.updated_at.timestamp():.0f}",
        context={"organisation": supplier.display_name},
        url=reverse("startups:moderation", args=[supplier.slug]),
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


def _audit(actor: Actor, verb: str, membership: Membership, before: dict[str, Any] | None = None, **extra: Any) -> None:
    """Audit a membership change by ids (never a name or an e-mail address)."""
    audit_record(
        actor=actor,
        verb=verb,
        target=membership,
        before=before,
        after={"user_id": membership.user_id, "role": membership.role, "status": membership.status, **extra},
        organisation_id=membership.organisation_id,
    )


@transaction.atomic
def membership_invite(
    *, actor: Actor, supplier: Supplier, email: str, role: str = Membership.Role.MEMBER
) -> Membership:
    """An owner invites ``email``. Someone without an account gets one to claim via password reset."""
    if not is_owner(actor, supplier):
        raise NotAllowed(str(MSG_ONLY_OWNERS_INVITE))
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
        context={
            "organisation": supplier.display_name,
            "person": str(actor),
            "role": in_every_language(Membership.Role(role).label),
        },
        url=reverse("startups:invitations"),
    )
    return membership


def _issued_by_an_owner(membership: Membership) -> bool:
    """The invitation carries an owner's consent only while its issuer is an active owner of the organisation."""
    return (
        membership.invited_by_id is not None
        and Membership.objects.active()
        .filter(
            user_id=membership.invited_by_id,
            organisation_id=membership.organisation_id,
            role=Membership.Role.OWNER,
            user__is_active=True,
        )
        .exists()
    )


@transaction.atomic
def membership_respond(*, actor: Actor, membership: Membership, accept: bool) -> Membership:
    """The invited person accepts (becomes active) or declines (revoked)."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.user_id != getattr(actor, "pk", None):
        raise NotAllowed(_("This invitation is for someone else."))
    if membership.status != Membership.Status.INVITED:
        raise InvalidTransition(_("This invitation is no longer open."))
    if accept and not _issued_by_an_owner(membership):
        raise NotAllowed(str(MSG_STALE_INVITATION))
    membership.status = Membership.Status.ACTIVE if accept else Membership.Status.REVOKED
    membership.save(update_fields=["status", "updated_at"])
    membership_status_changed(membership=membership, before=Membership.Status.INVITED, actor=person(actor))
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
        context={"organisation": supplier.display_name, "person": str(actor), "email": actor.email},
        url=reverse("startups:team", args=[supplier.slug]),
    )
    return membership


@transaction.atomic
def membership_decide(*, actor: Actor, membership: Membership, approve: bool, evidence: str = "") -> Membership:
    """An owner approves (active member) or rejects (revoked) a request to join.

    A supplier with no active owner (an imported profile) is claimed: an administrator decides the first
    owner's request, never their own, and approving needs the evidence checked, which is recorded and audited."""
    supplier = Supplier.objects.get(organisation_id=membership.organisation_id)
    _lock_memberships(supplier)
    claim = not _owners(supplier)
    if claim:
        if not is_admin(actor):
            raise NotAllowed(str(MSG_ONLY_OWNERS_DECIDE))
        if membership.user_id == person(actor).pk:
            raise NotAllowed(str(MSG_NOT_YOUR_OWN_CLAIM))
    elif not is_owner(actor, supplier):
        raise NotAllowed(str(MSG_ONLY_OWNERS_DECIDE))
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != Membership.Status.REQUESTED:
        raise InvalidTransition(_("This request has already been decided."))
    evidence = (evidence or "").strip()
    if approve and claim and not evidence:
        raise ApplicationError(str(MSG_EVIDENCE_REQUIRED), field="evidence")
    membership.status = Membership.Status.ACTIVE if approve else Membership.Status.REVOKED
    if approve and claim:
        membership.role = Membership.Role.OWNER  # an ownerless (imported) profile gets its first owner
    membership.save(update_fields=["status", "role", "updated_at"])
    membership_status_changed(
        membership=membership, before=Membership.Status.REQUESTED, actor=person(actor), evidence=evidence
    )
    _audit(
        actor,
        ("membership.claim_approved" if claim else "membership.approved") if approve else "membership.rejected",
        membership,
        before={"status": Membership.Status.REQUESTED},
        **({"evidence": evidence} if evidence else {}),
    )
    return membership


@transaction.atomic
def membership_change_role(*, actor: Actor, membership: Membership, role: str) -> Membership:
    """An owner makes a member an owner or an owner a member; the last owner cannot step down."""
    supplier = Supplier.objects.get(organisation_id=membership.organisation_id)
    if not is_owner(actor, supplier):
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
    membership_history_record(
        membership=membership,
        event=MembershipEvent.Event.ROLE_CHANGED,
        actor=person(actor),
        previous_role=before["role"],
    )
    forget(actor)
    _audit(actor, "membership.role_changed", membership, before=before)
    return membership


@transaction.atomic
def membership_remove(*, actor: Actor, membership: Membership) -> Membership:
    """An owner removes someone, or a person leaves; the last owner can do neither."""
    supplier = Supplier.objects.get(organisation_id=membership.organisation_id)
    leaving = membership.user_id == getattr(actor, "pk", None)
    if not leaving and not is_owner(actor, supplier):
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
    membership_status_changed(membership=membership, before=before["status"], actor=person(actor))
    forget(actor)
    _audit(actor, "membership.removed", membership, before=before)
    return membership


def _deciders(organisation_id: int) -> list[User]:
    """Who consents for the organisation: its active owners (a supplier) or approvers (a public body)."""
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=organisation_id,
            memberships__role__in=[Membership.Role.OWNER, Membership.Role.APPROVER],
            memberships__status=Membership.Status.ACTIVE,
        )
        .distinct()
        .order_by("pk")
    )


def _admin_end(*, actor: Actor, membership: Membership, reason: str, to: str, verb: str) -> Membership:
    if not is_admin(actor):
        raise NotAllowed(str(MSG_ONLY_ADMINS_SUSPEND))
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(str(MSG_REASON_REQUIRED), field="reason")
    Membership.objects.select_for_update().filter(organisation_id=membership.organisation_id).order_by("pk").first()
    membership = Membership.objects.select_for_update().select_related("organisation").get(pk=membership.pk)
    allowed_from = (
        [Membership.Status.ACTIVE]
        if to == Membership.Status.SUSPENDED
        else [Membership.Status.ACTIVE, Membership.Status.SUSPENDED, Membership.Status.INVITED]
    )
    if membership.status not in allowed_from:
        raise InvalidTransition(_("This membership cannot be changed this way in its current state."))
    before = {"status": membership.status}
    membership.status = to
    membership.save(update_fields=["status", "updated_at"])
    membership_status_changed(membership=membership, before=before["status"], actor=person(actor), reason=reason)
    _audit(actor, verb, membership, before=before, reason=reason)
    recipients = _deciders(membership.organisation_id)
    if membership.user not in recipients:
        recipients.append(membership.user)
    notification_emit(
        kind=Kind.MEMBERSHIP_CHANGED,
        recipients=recipients,
        event_key=f"membership:{membership.pk}:{to}:{membership.updated_at.timestamp():.0f}",
        context={
            "organisation": _organisation_name(membership.organisation),
            "person": str(membership.user),
            "change": _in_every_language(Membership.Status(to).label),
            "reason": reason,
        },
        url=reverse(
            "startups:team" if membership.organisation.kind == Organisation.Kind.SUPPLIER else "bodies:members",
            args=[membership.organisation.slug],
        ),
    )
    return membership


def _in_every_language(message: Any) -> dict[str, str]:
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(message)
    return texts


def _organisation_name(organisation: Organisation) -> str:
    supplier = Supplier.objects.filter(organisation=organisation).first()
    return supplier.display_name if supplier is not None else organisation.name


@transaction.atomic
def membership_suspend(*, actor: Actor, membership: Membership, reason: str) -> Membership:
    """An administrator suspends an active membership of any organisation (supplier or public body), with a
    reason; audited, and the organisation's owners or approvers (and the person) are told. The person stops
    acting for the organisation; only the organisation's own owners or approvers can take them back."""
    return _admin_end(
        actor=actor, membership=membership, reason=reason, to=Membership.Status.SUSPENDED, verb="membership.suspended"
    )


@transaction.atomic
def membership_admin_remove(*, actor: Actor, membership: Membership, reason: str) -> Membership:
    """An administrator removes a membership (active, suspended or an open invitation), with a reason; audited,
    and the organisation's owners or approvers (and the person) are told."""
    return _admin_end(
        actor=actor,
        membership=membership,
        reason=reason,
        to=Membership.Status.REVOKED,
        verb="membership.removed_by_admin",
    )


@transaction.atomic
def membership_reinstate(*, actor: Actor, membership: Membership) -> Membership:
    """An active owner (supplier) or approver (public body) of the organisation takes back a suspended member."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if person(actor).pk not in {u.pk for u in _deciders(membership.organisation_id)}:
        raise NotAllowed(_("Only the organisation's active owners or approvers can take back a suspended member."))
    if membership.status != Membership.Status.SUSPENDED:
        raise InvalidTransition(_("Only a suspended membership can be reinstated."))
    membership.status = Membership.Status.ACTIVE
    membership.save(update_fields=["status", "updated_at"])
    membership_status_changed(membership=membership, before=Membership.Status.SUSPENDED, actor=person(actor))
    _audit(actor, "membership.reinstated", membership, before={"status": Membership.Status.SUSPENDED})
    return membership
