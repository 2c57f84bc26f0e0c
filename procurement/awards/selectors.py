"""Reads of the award side: who may see what, the phase to decide, the debrief of an application."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from govtech.accounts.models import Membership
from govtech.accounts.roles import Actor, is_admin, public_body_ids, signed_in
from procurement.applications.models import Application
from procurement.awards.models import Award, Complaint, Decision, Milestone
from procurement.calls.models import Call
from procurement.evaluation.models import Declaration, Panel, Score
from procurement.evaluation.selectors import PROPOSAL_TEXTS, RankRow, attach_applications, ranking

BODY_ROLES = frozenset({Membership.Role.OFFICER, Membership.Role.APPROVER})


def is_body_staff(user: Actor, body_id: int) -> bool:
    """Officers and approvers of the body (the ones who handle complaints, contracts and milestones)."""
    return body_id in public_body_ids(user, BODY_ROLES)


def is_decider(user: Actor, body_id: int) -> bool:
    """An active approver of the body. Admins are not: they cannot read the applications either (the seal)."""
    return body_id in public_body_ids(user, {Membership.Role.APPROVER})


def is_auditor(user: Actor) -> bool:
    return bool(signed_in(user) and (is_admin(user) or user.has_site_role(user.SiteRole.AUDITOR)))


def may_read_report(user: Actor, call: Call) -> bool:
    """The evaluation report: the body's officers and approvers, the portal's auditors and admins."""
    return is_body_staff(user, call.body_id) or is_auditor(user)


def supplier_application_ids(user: Actor) -> QuerySet[Application]:
    return Application.objects.of_supplier_member(user)


# --- phases ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Phase:
    index: int
    name: str  # "" for a call without phases
    last: bool
    suppliers: int | None = None


def phases_of(call: Call) -> list[Phase]:
    if not call.phases:
        return [Phase(0, "", True)]
    names = [str(p.get("name") or f"{i + 1}") for i, p in enumerate(call.phases)]
    result = []
    for i, (name, raw) in enumerate(zip(names, call.phases, strict=True)):
        try:
            suppliers = int(raw.get("suppliers")) if raw.get("suppliers") not in (None, "") else None
        except (TypeError, ValueError):
            suppliers = None
        result.append(Phase(i, name, i == len(names) - 1, suppliers))
    return result


def next_phase(call: Call) -> Phase | None:
    """The first phase without a decision in force (None when every phase is decided or the call failed)."""
    decided = list(Decision.objects.in_force().filter(call=call).values_list("phase", "outcome"))
    if any(outcome == Decision.Outcome.UNSUCCESSFUL for _, outcome in decided):
        return None
    done = {phase for phase, _ in decided}
    return next((p for p in phases_of(call) if p.name not in done), None)


def candidates(call: Call, phase: Phase) -> QuerySet[Application]:
    """Who a decision on ``phase`` is about: the submitted applications, or for a later phase the shortlisted."""
    status = Application.Status.SUBMITTED if phase.index == 0 else Application.Status.SHORTLISTED
    return (
        Application.objects.filter(call=call, status=status)
        .select_related("supplier")
        .defer(*PROPOSAL_TEXTS)  # hundreds of proposals' texts: a decision names and prices them, never reads them
        .order_by("pk")
    )


def candidates_named(call: Call, phase: Phase) -> QuerySet[Application]:
    """``candidates`` as the decision page lists them: each one's id and organisation's name. A 500-applicant
    call's timestamps, prices and organisations' rows read whole were a quarter of that page's time (#19); the
    decision itself (``services.decision_take``) reads its candidates whole."""
    return candidates(call, phase).only("supplier__name")


def previous_decision(call: Call, phase: Phase) -> Decision | None:
    if phase.index == 0:
        return None
    name = phases_of(call)[phase.index - 1].name
    return Decision.objects.in_force().filter(call=call, phase=name).first()


def decision_ranking(call: Call, applications: list[Application]) -> list[RankRow]:
    """The consolidated ranking restricted to the applications a decision is about."""
    ids = {a.pk for a in applications}
    rows = [row for row in ranking(call, attach=False) if row.application_id in ids]
    return attach_applications(rows, known=applications)  # already read: not a second time


# --- visibility ------------------------------------------------------------------------


def decisions_visible_to(user: Actor) -> QuerySet[Decision]:
    """Decisions (and their reports) the user may read in full: the body's staff, auditors."""
    qs = Decision.objects.select_related("call__body", "decided_by")
    if is_auditor(user):
        return qs
    return qs.filter(call__body_id__in=public_body_ids(user, BODY_ROLES))


def complaints_visible_to(user: Actor) -> QuerySet[Complaint]:
    """The parties: the complainant's organisation and the body's officers and approvers (auditors too)."""
    qs = Complaint.objects.select_related("decision__call__body", "application__supplier", "filed_by")
    if is_auditor(user):
        return qs
    own = Q(application__in=supplier_application_ids(user))
    body = Q(decision__call__body_id__in=public_body_ids(user, BODY_ROLES))
    return qs.filter(own | body)


def awards_followed_by(user: Actor) -> QuerySet[Award]:
    """Awards whose contract follow-up the user may see: the body's staff and the awarded supplier."""
    qs = Award.objects.public().prefetch_related("milestones")
    if is_auditor(user):
        return qs
    own = Q(application__in=supplier_application_ids(user))
    return qs.filter(own | Q(decision__call__body_id__in=public_body_ids(user, BODY_ROLES)))


def public_awards() -> QuerySet[Award]:
    return Award.objects.public().order_by("-decision__decided_at", "pk")


def milestones_of(award: Award) -> QuerySet[Milestone]:
    return award.milestones.all()


# --- the debrief -----------------------------------------------------------------------


@dataclass
class CriterionDebrief:
    name: str
    weight: int
    mean: Decimal | None
    comments: list[str] = field(default_factory=list)


@dataclass
class Debrief:
    application: Application
    decision: Decision | None
    outcome: str  # awarded, shortlisted, unsuccessful, pending
    total: Decimal | None
    rank: int | None
    of: int
    scale: int
    criteria: list[CriterionDebrief]
    award: Award | None


def latest_decision_for(application: Application) -> Decision | None:
    """The most recent decision the application was part of (an annulled one included: it says so)."""
    return (
        Decision.objects.filter(call_id=application.call_id, applicant_ids__contains=[application.pk])
        .order_by("-decided_at", "-pk")
        .first()
    )


def debrief(application: Application) -> Debrief:
    """The applicant's own scores per criterion (the panel's mean), the evaluators' comments without their
    names, the weighted total and the place in the ranking. Only ever shown to the applicant and the body."""
    call = application.call
    decision = latest_decision_for(application)
    panel = Panel.objects.filter(call=call).first()
    rows = ranking(call)
    position = next((i for i, r in enumerate(rows, start=1) if r.application_id == application.pk), None)
    row = rows[position - 1] if position else None
    comments: dict[str, list[str]] = {}
    recused = Declaration.objects.filter(application=application, conflict=True).values("member_id")
    for criterion, text in (
        Score.objects.filter(application=application, member__status="active")
        .exclude(member_id__in=recused)
        .order_by("member_id")
        .values_list("criterion", "justification")
    ):
        if text.strip():
            comments.setdefault(criterion, []).append(text.strip())
    criteria = [
        CriterionDebrief(
            name=str(c["name"]),
            weight=int(c["weight"]),
            mean=row.per_criterion.get(str(c["name"])) if row else None,
            comments=comments.get(str(c["name"]), []),
        )
        for c in call.criteria
    ]
    award = None
    if decision is not None and decision.annulled_at is None:
        award = decision.awards.filter(application=application).first()
    if decision is None:
        outcome = "pending"
    elif decision.annulled_at is not None:
        outcome = "annulled"
    else:
        outcome = application.status
    return Debrief(
        application=application,
        decision=decision,
        outcome=outcome,
        total=row.total if row else None,
        rank=position,
        of=len(rows),
        scale=panel.scale_max if panel else 10,
        criteria=criteria,
        award=award,
    )
