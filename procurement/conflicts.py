"""Conflicts of interest: the one place for the rules on who may touch the outcome of a call.

- **Opening** happens while the applicants are still sealed: anyone who is, or was in the last 24 months, an active
  member of *any* supplier organisation is refused, and the refusal names no supplier (it would say who applied).
- **Deciding, evaluating and answering complaints** happen after the opening: anyone who is, or was in the last
  24 months, a member of an applicant (the lead or a named consortium partner) is refused.
- Where every approver of a body is conflicted, the decision waits until the body has one who is not
  (``all_approvers_conflicted``; the decision page says so).

Membership history: ``organisations_of_person`` is the single seam. Until the membership history
(``govtech.accounts.selectors.organisations_of(user, since=...)``) is on main it answers from the memberships held
today; switching is a one-line change inside it.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from govtech.accounts.models import Membership, Organisation, User
from govtech.accounts.roles import Actor, signed_in
from govtech.accounts.selectors import organisations_of
from govtech.core.errors import NotAllowed
from procurement.applications.models import Application
from procurement.calls.models import Call

LOOKBACK = datetime.timedelta(days=730)  # "is or was in the last 24 months"


def organisations_of_person(user: Actor, since: datetime.datetime) -> set[int]:
    """Ids of the organisations ``user`` is, or was at any time since ``since``, an active member of (from the
    membership history, ``govtech.accounts.selectors.organisations_of``)."""
    if not signed_in(user):
        return set()
    return organisations_of(user, since=since)


def _since() -> datetime.datetime:
    return timezone.now() - LOOKBACK


def supplier_ids_of_person(user: Actor) -> set[int]:
    ids = organisations_of_person(user, _since())
    return set(Organisation.objects.filter(pk__in=ids, kind=Organisation.Kind.SUPPLIER).values_list("pk", flat=True))


def applicant_organisation_ids(call: Call) -> set[int]:
    """Every lead and named consortium partner of the call's submitted (or decided) applications."""
    applications = Application.objects.filter(call_id=call.pk).submitted()
    ids = set(applications.values_list("supplier_id", flat=True))
    ids |= {i for i in applications.values_list("partners__organisation_id", flat=True) if i is not None}
    return ids


def conflicted_with_applicants(user: Actor, call: Call) -> bool:
    return bool(organisations_of_person(user, _since()) & applicant_organisation_ids(call))


def require_may_open(actor: Actor, call: Call) -> None:
    """The opener: no supplier membership now or in the last 24 months (the refusal names none)."""
    if supplier_ids_of_person(actor):
        raise NotAllowed(
            _(
                "Conflict of interest: whoever opens the applications may not be, or have been in the last 24 "
                "months, a member of any supplier organisation. Another officer or approver must open them."
            ),
            extra={"rule": "conflict_of_interest"},
        )


def require_not_conflicted(actor: Actor, call: Call) -> None:
    """The decider and whoever answers a complaint: no membership of an applicant or partner in the last 24 months."""
    if conflicted_with_applicants(actor, call):
        raise NotAllowed(
            _(
                "Conflict of interest: you are, or were in the last 24 months, a member of an organisation that "
                "applied to this call (as lead or partner). Another approver of the body must act."
            ),
            extra={"rule": "conflict_of_interest"},
        )


def approvers_of(call: Call) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organisation_id=call.body_id,
            memberships__role=Membership.Role.APPROVER,
            memberships__status=Membership.Status.ACTIVE,
            is_active=True,
        ).distinct()
    )


def all_approvers_conflicted(call: Call) -> bool:
    """True when the body has approvers and every one is conflicted: the decision waits for one who is not."""
    approvers = approvers_of(call)
    return bool(approvers) and all(conflicted_with_applicants(a, call) for a in approvers)
