"""Verification decisions and sanctions, by portal administrators; each one audited and notified."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from govtech.accounts.roles import Actor, is_admin, person
from govtech.audit.services import audit_record
from govtech.core.errors import ApplicationError, InvalidTransition, NotAllowed
from govtech.notifications.kinds import Kind
from govtech.notifications.services import notification_emit
from startups import fragments
from startups.lifecycle import VERIFICATION
from startups.models import Sanction, Supplier
from startups.permissions import can_edit
from startups.services.team import _owners, verification_requested

REASON_REQUIRED = {Supplier.Verification.REJECTED, Supplier.Verification.SUSPENDED}


@transaction.atomic
def supplier_transition(*, actor: Actor | None, supplier: Supplier, to: str, reason: str = "") -> Supplier:
    """Move a supplier to verification status ``to`` along ``startups.lifecycle.VERIFICATION``.

    Admins decide; an owner may only resubmit a rejected profile (back to pending).
    Rejections and suspensions need a reason, which the supplier sees. The update is
    conditional on the old status, so two concurrent decisions cannot both apply.
    """
    resubmit = to == Supplier.Verification.PENDING
    allowed = can_edit(actor, supplier) if resubmit else is_admin(actor)
    if not allowed:
        raise NotAllowed(_("Only portal administrators can verify suppliers."))
    if to not in Supplier.Verification.values:
        raise ApplicationError(_("Status: choose a valid verification status."), field="status")
    current = Supplier.objects.only("verification_status").get(pk=supplier.pk).verification_status
    if not VERIFICATION.allows(current, to):
        raise InvalidTransition(
            _("A supplier cannot go from “%(old)s” to “%(new)s”.")
            % {"old": Supplier.Verification(current).label, "new": Supplier.Verification(to).label}
        )
    reason = (reason or "").strip()
    if to in REASON_REQUIRED and not reason:
        raise ApplicationError(_("Reason: explain the decision to the supplier."), field="reason")
    now = timezone.now()
    changes = {
        "verification_status": to,
        "verification_reason": reason,
        "verification_decided_at": now,
        "verification_decided_by": actor if not resubmit else None,
        "updated_at": now,
    }
    if resubmit:
        changes["verification_requested_at"] = now
    updated = Supplier.objects.filter(pk=supplier.pk, verification_status=current).update(**changes)
    if updated != 1:
        raise InvalidTransition(_("Someone else decided on this supplier at the same time. Reload and try again."))
    fragments.bump()  # update() sends no signal
    supplier.refresh_from_db()
    audit_record(
        actor=actor,
        verb=f"supplier.{to}",
        target=supplier,
        before={"verification_status": current},
        after={"verification_status": to},  # the reason is on the supplier (ids only in the trail)
        organisation_id=supplier.organisation_id,
    )
    if resubmit:
        verification_requested(supplier)
    else:
        notification_emit(
            kind=Kind.VERIFICATION_DECISION,
            recipients=_owners(supplier),
            event_key=f"supplier:{supplier.pk}:{to}:{now.timestamp():.0f}",
            context={"organisation": supplier.display_name, "status": to, "variant": to, "reason": reason},
            url=reverse("startups:detail", args=[supplier.slug]),
        )
    return supplier


def supplier_verify(*, actor: Actor | None, supplier: Supplier) -> Supplier:
    return supplier_transition(actor=actor, supplier=supplier, to=Supplier.Verification.VERIFIED)


def supplier_reject(*, actor: Actor, supplier: Supplier, reason: str) -> Supplier:
    return supplier_transition(actor=actor, supplier=supplier, to=Supplier.Verification.REJECTED, reason=reason)


def supplier_suspend(*, actor: Actor, supplier: Supplier, reason: str) -> Supplier:
    return supplier_transition(actor=actor, supplier=supplier, to=Supplier.Verification.SUSPENDED, reason=reason)


@transaction.atomic
def sanction_impose(
    *,
    actor: Actor,
    supplier: Supplier,
    kind: str,
    reason: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
) -> Sanction:
    """Record a debarment or sanction. While in force it blocks applying and shows on the profile."""
    if not is_admin(actor):
        raise NotAllowed(_("Only portal administrators can sanction suppliers."))
    if kind not in Sanction.Kind.values:
        raise ApplicationError(_("Kind: choose debarment or sanction."), field="kind")
    if not (reason or "").strip():
        raise ApplicationError(_("Reason: explain the sanction."), field="reason")
    if ends_on is not None and ends_on < starts_on:
        raise ApplicationError(_("Until: the end date must be on or after the start date."), field="ends_on")
    sanction = Sanction.objects.create(
        supplier=supplier,
        kind=kind,
        reason=reason.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=person(actor),
    )
    audit_record(
        actor=actor,
        verb="supplier.sanctioned",
        target=supplier,
        after={
            "sanction": sanction.pk,
            "kind": kind,  # the reason is on the sanction (ids only in the trail)
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat() if ends_on else None,
        },
        organisation_id=supplier.organisation_id,
    )
    return sanction


@transaction.atomic
def sanction_lift(*, actor: Actor, sanction: Sanction) -> Sanction:
    if not is_admin(actor):
        raise NotAllowed(_("Only portal administrators can lift sanctions."))
    updated = Sanction.objects.filter(pk=sanction.pk, lifted_at__isnull=True).update(lifted_at=timezone.now())
    fragments.bump()
    if not updated:
        raise InvalidTransition(_("This sanction has already been lifted."))
    sanction.refresh_from_db()
    audit_record(
        actor=actor,
        verb="supplier.sanction_lifted",
        target=sanction.supplier,
        before={"sanction": sanction.pk},
        organisation_id=sanction.supplier.organisation_id,
    )
    return sanction
