"""The membership history: one row per change, written by every service that changes a membership."""

from __future__ import annotations

from django.utils import timezone

from govtech.accounts.models import Membership, MembershipEvent, User


def membership_history_record(
    *,
    membership: Membership,
    event: str,
    actor: User | None,
    previous_role: str = "",
    reason: str = "",
    evidence: str = "",
) -> MembershipEvent:
    """Record ``event`` (``MembershipEvent.Event``) for ``membership`` now, in the caller's transaction."""
    return MembershipEvent.objects.create(
        membership=membership,
        user_id=membership.user_id,
        organisation_id=membership.organisation_id,
        event=event,
        role=membership.role,
        previous_role=previous_role,
        at=timezone.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        reason=reason,
        evidence=evidence,
    )


def membership_status_changed(
    *, membership: Membership, before: str, actor: User | None, reason: str = "", evidence: str = ""
) -> MembershipEvent | None:
    """Record what a status change means for the history: becoming active is joining, leaving active is
    leaving (or a suspension). Changes between pending states (invited, requested, declined) record nothing."""
    after = membership.status
    if after == before:
        return None
    if after == Membership.Status.ACTIVE:
        event = MembershipEvent.Event.JOINED
    elif before == Membership.Status.ACTIVE and after == Membership.Status.SUSPENDED:
        event = MembershipEvent.Event.SUSPENDED
    elif before in (Membership.Status.ACTIVE, Membership.Status.SUSPENDED) and after == Membership.Status.REVOKED:
        event = MembershipEvent.Event.LEFT
    else:
        return None
    return membership_history_record(membership=membership, event=event, actor=actor, reason=reason, evidence=evidence)
