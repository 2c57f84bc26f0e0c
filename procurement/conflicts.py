"""Conflicts of interest: the one place for the rules on who may touch the outcome of a call.

- **Opening** happens while the applicants are still sealed: anyone who is, or was in the last 24 months, an active
  member of *any* supplier organisation is refused, and the refusal names no supplier (it would say who applied).
- **Deciding, evaluating and answering complaints** happen after the opening: anyone who is, or was in the last
  24 months, a member of an applicant (the lead or a named consortium partner) is refused.
- Everyone else **signs a declaration first** (``outcome_declaration_sign``, an ``OutcomeDeclaration`` per call,
  person and role, audited, never changed): the opener before opening, the decider before deciding, whoever answers
  a complaint before answering. The opening, the decision and the answer refuse to act without it
  (``require_declared``), whichever route calls them; evaluators sign theirs per applicant
  (``procurement.evaluation.services.declaration_sign``).
- Where every approver of a body is conflicted, the decision waits until the body has one who is not
  (``all_approvers_conflicted``; the decision page says so).

Membership history: ``organisations_of_person`` is the single seam, answered from the membership history
(``govtech.accounts.selectors.organisations_of(user, since=...)``).
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from govtech.accounts.models import Membership, Organisation, User
from govtech.accounts.roles import Actor, person, signed_in
from govtech.accounts.selectors import organisations_of
from govtech.audit.services import audit_record
from govtech.core.errors import ApplicationError, InvalidTransition, NotAllowed
from procurement.applications.models import Application, CallOpening, OutcomeDeclaration
from procurement.bodies.permissions import is_approver, is_officer
from procurement.calls.models import Call

Role = OutcomeDeclaration.Role

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


# --- the declarations of the opener, the decider and whoever answers a complaint --------------


def declaration_text(call: Call, role: str) -> str:
    """What the signer declares, in the active language; stored as signed. The opener's text names nobody (the
    applicants are sealed); the decider's and the answerer's name every applicant and partner of the call."""
    if role == Role.OPENING:
        return _(
            "I declare that I am not, and have not been in the last 24 months, a member of any supplier "
            "organisation, and that I have no personal, family or financial interest in any organisation that may "
            "have applied to the call “%(title)s”. If I learn of one on opening, I will stop and tell the body."
        ) % {"title": call.title}
    names = ", ".join(
        Organisation.objects.filter(pk__in=applicant_organisation_ids(call))
        .order_by("name")
        .values_list("name", flat=True)
    )
    what = _("deciding") if role == Role.DECIDING else _("answering complaints about")
    return _(
        "Before %(what)s the call “%(title)s”, I declare that I am not, and have not been in the last 24 months, a "
        "member of any of its applicants or their partners (%(names)s), and that I have no personal, family or "
        "financial interest in any of them."
    ) % {"what": what, "title": call.title, "names": names or "—"}


def _require_role(actor: Actor, call: Call, role: str) -> None:
    if role not in Role.values:
        raise ApplicationError(_("Choose what you declare for: opening, deciding or complaint."), field="role")
    if role == Role.DECIDING:
        if not is_approver(actor, call.body_id):
            raise NotAllowed(_("Only approvers of this public body may decide."))
    elif not is_officer(actor, call.body_id):
        raise NotAllowed(_("Only officers and approvers of this public body may do this."))


def outcome_declaration_sign(*, call: Call, actor: Actor, role: str) -> OutcomeDeclaration:
    """Sign the conflict-of-interest declaration for ``role`` on ``call`` (idempotent: a second signature returns
    the first, unchanged). Refused to whoever the rules above refuse: a signature cannot clear a conflict."""
    _require_role(actor, call, role)
    opened = CallOpening.objects.filter(call_id=call.pk).exists()
    if role == Role.OPENING:
        require_may_open(actor, call)
        if opened:
            raise InvalidTransition(_("The applications of this call have already been opened."))
    else:
        if not opened:
            raise InvalidTransition(_("The applications have not been opened yet: decide after the opening."))
        require_not_conflicted(actor, call)
    existing = OutcomeDeclaration.objects.filter(call_id=call.pk, user=person(actor), role=role).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            declaration = OutcomeDeclaration.objects.create(
                call=call, user=person(actor), role=role, statement=declaration_text(call, role)
            )
            audit_record(
                actor=actor,
                verb="conflict.declare",
                target=declaration,
                after={"call_id": call.pk, "role": role, "signed_at": declaration.signed_at.isoformat()},
                organisation_id=call.body_id,
            )
    except IntegrityError:  # a concurrent signature won the race: it is the same declaration
        return OutcomeDeclaration.objects.get(call_id=call.pk, user=person(actor), role=role)
    return declaration


def has_declared(actor: Actor, call: Call, role: str) -> bool:
    if not signed_in(actor):
        return False
    return OutcomeDeclaration.objects.filter(call_id=call.pk, user=person(actor), role=role).exists()


def require_declared(actor: Actor, call: Call, role: str, *, declare: bool = False) -> None:
    """The act (opening, deciding, answering a complaint) waits for the actor's signed declaration. ``declare``
    signs it now (the page's checkbox, the API's ``"declaration": true``) after the same checks."""
    if declare:
        outcome_declaration_sign(call=call, actor=actor, role=role)
        return
    if not has_declared(actor, call, role):
        raise NotAllowed(
            _("Sign your conflict-of-interest declaration first: %(text)s") % {"text": declaration_text(call, role)},
            field="declaration",
            extra={"rule": "declaration_required"},
        )
