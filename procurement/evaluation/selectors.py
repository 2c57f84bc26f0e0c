"""Reads of the evaluation: what an evaluator may see and still has to do, and the consolidated ranking."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet, prefetch_related_objects
from django.utils.translation import gettext

from govtech.accounts.roles import Actor, person, signed_in
from procurement.applications.models import Application, CallOpening
from procurement.calls.models import Call
from procurement.evaluation.models import Declaration, Panel, PanelMember, Score


def applications_for_evaluator(user: Actor, call: Call) -> QuerySet[Application]:
    """Opened applications of ``call`` that ``user`` declared no conflict for (recusals are hidden)."""
    return Application.objects.visible_to(user).filter(call=call, declarations__member__user=person(user)).distinct()


# The proposal's own texts: long, read on the application's page, never by a ranking.
PROPOSAL_TEXTS = ("solution", "team", "plan", "criteria_responses")


@dataclass
class RankRow:
    application: Application
    total: Decimal  # weighted, 0..100
    per_criterion: dict[str, Decimal]  # mean score per criterion, on the panel's scale
    spread: dict[str, Decimal] = field(default_factory=dict)  # max - min per criterion
    flagged: list[str] = field(default_factory=list)  # criteria where evaluators disagree too much
    complete: bool = True  # every non-recused evaluator scored every criterion


def ranking(call: Call, *, partners: bool = False) -> list[RankRow]:
    """The weighted ranking of ``call``'s opened applications, best first. A criterion's weight applies to the
    mean of the evaluators' scores divided by the scale; large disagreements are flagged. ``partners``: each
    application's consortium partners prefetched (a page of rows can prefetch its own: ``with_partners``)."""
    panel = Panel.objects.filter(call=call).first()
    if panel is None:
        return []
    criteria = [(str(c["name"]), Decimal(int(c["weight"]))) for c in call.criteria]
    members = list(PanelMember.objects.filter(panel=panel, status=PanelMember.Status.ACTIVE))
    applications = list(
        Application.objects.filter(call=call, status__in=Application.SUBMITTED_STATES)
        .exclude(status=Application.Status.DISQUALIFIED)
        .select_related("supplier")
        .defer(*PROPOSAL_TEXTS)  # a ranking names applicants; 500 proposals' texts took a second to read
    )
    if partners:
        with_partners(applications)
    recused = set(
        Declaration.objects.filter(member__in=members, conflict=True).values_list("member_id", "application_id")
    )
    scores: dict[tuple[int, str], list[Decimal]] = defaultdict(list)
    for application_id, criterion, value in Score.objects.filter(member__in=members).values_list(
        "application_id", "criterion", "score"
    ):
        scores[(application_id, criterion)].append(value)
    rows = []
    scale = Decimal(panel.scale_max)
    for application in applications:
        expected = sum(1 for m in members if (m.pk, application.pk) not in recused)
        row = RankRow(application=application, total=Decimal(0), per_criterion={})
        for name, weight in criteria:
            values = scores.get((application.pk, name), [])
            if len(values) < expected or not values:
                row.complete = False
            if not values:
                continue
            mean = sum(values, Decimal(0)) / len(values)
            row.per_criterion[name] = mean.quantize(Decimal("0.01"))
            row.spread[name] = max(values) - min(values)
            if row.spread[name] > panel.disagreement_threshold:
                row.flagged.append(name)
            row.total += weight * mean / scale
        row.total = row.total.quantize(Decimal("0.01"))
        rows.append(row)
    rows.sort(key=lambda r: (-r.total, r.application.pk))
    return rows


def with_partners(applications: list[Application]) -> None:
    """Each application's consortium partners and their organisations, in one query for all of them."""
    prefetch_related_objects(applications, "partners__organisation")


# --- who is evaluated, and what is left ------------------------------------------------


def evaluated_applications(call: Call) -> QuerySet[Application]:
    """The applications the panel evaluates: submitted (not disqualified) ones of an opened call, oldest first.
    Empty before the opening, so nothing about the applicants leaks through the panel before it."""
    return (
        Application.objects.opened()
        .filter(call=call)
        .exclude(status=Application.Status.DISQUALIFIED)
        .select_related("supplier")
        .prefetch_related("partners__organisation")
        .order_by("pk")
    )


def is_opened(call: Call) -> bool:

    return CallOpening.objects.filter(call=call).exists()


def names_hidden(panel: Panel | None) -> bool:
    """In a blind first round, evaluators see applicant names only on the declaration page until revealed."""
    return bool(panel and panel.blind_first_round and panel.names_revealed_at is None)


def applicant_labels(applications: list[Application], panel: Panel | None) -> dict[int, str]:
    """Neutral labels (“Applicant 1”, …) for the blind round, numbered in an order shuffled per panel (a hash of
    the panel and the application), so the scoring list does not line up with the declaration list (by name)."""

    salt = panel.pk if panel else 0
    ordered = sorted(applications, key=lambda a: hashlib.sha256(f"{salt}:{a.pk}".encode()).hexdigest())
    return {a.pk: gettext("Applicant %(number)s") % {"number": n} for n, a in enumerate(ordered, start=1)}


def criteria_names(call: Call) -> list[str]:
    return [str(c["name"]) for c in call.criteria]


@dataclass
class Progress:
    """What one evaluator has done and still has to do on one panel."""

    member: PanelMember
    applications: int = 0
    declared: int = 0
    recused: int = 0
    scores_expected: int = 0
    scores_done: int = 0

    @property
    def declarations_missing(self) -> int:
        return self.applications - self.declared

    @property
    def scores_missing(self) -> int:
        return self.scores_expected - self.scores_done

    @property
    def complete(self) -> bool:
        return self.declarations_missing == 0 and self.scores_missing == 0

    @property
    def submitted(self) -> bool:
        return self.member.submitted_at is not None


def panel_progress(panel: Panel, members: list[PanelMember] | None = None) -> list[Progress]:
    """Progress of each active evaluator (or of ``members``), in four queries whatever the panel's size.
    Expected scores: every criterion of every applicant the evaluator did not recuse from (undeclared ones
    included: they still have to be declared, then scored)."""
    if members is None:
        members = list(
            PanelMember.objects.filter(panel=panel, status=PanelMember.Status.ACTIVE)
            .select_related("user")
            .order_by("named_at", "pk")
        )
    call = panel.call
    app_ids = list(evaluated_applications(call).values_list("pk", flat=True)) if members else []
    names = set(criteria_names(call))
    declarations: dict[int, dict[int, bool]] = defaultdict(dict)
    for member_id, application_id, conflict in Declaration.objects.filter(
        member__in=members, application_id__in=app_ids
    ).values_list("member_id", "application_id", "conflict"):
        declarations[member_id][application_id] = conflict
    done: dict[int, int] = defaultdict(int)
    for member_id, application_id, criterion in Score.objects.filter(
        member__in=members, application_id__in=app_ids
    ).values_list("member_id", "application_id", "criterion"):
        if criterion in names and declarations[member_id].get(application_id) is False:
            done[member_id] += 1
    rows = []
    for member in members:
        mine = declarations[member.pk]
        recused = sum(1 for conflict in mine.values() if conflict)
        rows.append(
            Progress(
                member=member,
                applications=len(app_ids),
                declared=len(mine),
                recused=recused,
                scores_expected=(len(app_ids) - recused) * len(names),
                scores_done=done[member.pk],
            )
        )
    return rows


def panel_complete(panel: Panel, progress: list[Progress] | None = None) -> bool:
    """Every non-recused active evaluator scored every criterion of every applicant (and declared for all).
    ``progress``: the panel's ``panel_progress`` when the caller already has it (the board shows both)."""
    rows = panel_progress(panel) if progress is None else progress
    return bool(rows) and rows[0].applications > 0 and all(row.complete for row in rows)


@dataclass
class Assignment:
    """A panel seat of the viewer, with its call and progress."""

    member: PanelMember
    call: Call
    opened: bool
    progress: Progress


def assignments_of(user: Actor) -> list[Assignment]:
    """The calls where ``user`` holds an active panel seat, most recent deadline first."""
    if not signed_in(user):
        return []

    seats = list(
        PanelMember.objects.filter(user=user, status=PanelMember.Status.ACTIVE)
        .select_related("panel__call__body", "user")
        .order_by("-panel__call__submission_deadline", "pk")
    )
    opened = set(
        CallOpening.objects.filter(call_id__in=[s.panel.call_id for s in seats]).values_list("call_id", flat=True)
    )
    return [
        Assignment(
            member=seat,
            call=seat.panel.call,
            opened=seat.panel.call_id in opened,
            progress=panel_progress(seat.panel, [seat])[0],
        )
        for seat in seats
    ]


def seat_of(user: Actor, call: Call) -> PanelMember | None:
    """``user``'s active seat on ``call``'s panel, if any."""
    if not signed_in(user):
        return None
    return (
        PanelMember.objects.filter(panel__call=call, user=user, status=PanelMember.Status.ACTIVE)
        .select_related("panel", "user")
        .first()
    )


def declarations_of(member: PanelMember) -> dict[int, Declaration]:
    return {d.application_id: d for d in Declaration.objects.filter(member=member)}


def scores_of(member: PanelMember, application: Application | None = None) -> list[Score]:
    qs = Score.objects.filter(member=member)
    if application is not None:
        qs = qs.filter(application=application)
    return list(qs.order_by("application_id", "criterion"))


def applicant_organisation_ids(application: Application) -> set[int]:
    """The lead and every consortium partner."""
    return {application.supplier_id, *(p.organisation_id for p in application.partners.all())}


def has_panel_seat(user: Actor) -> bool:
    """Whether ``user`` sits on any evaluation panel (an active seat)."""
    return PanelMember.objects.filter(user=person(user), status=PanelMember.Status.ACTIVE).exists()
