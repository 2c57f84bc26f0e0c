"""Reads of the evaluation: what an evaluator may see and still has to do, and the consolidated ranking."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Count,
    Exists,
    F,
    Func,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    prefetch_related_objects,
)
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


class RankRow:
    """One applicant's place in a ranking: its weighted total, the panel's mean per criterion, the spread and
    the flags. ``application`` is read only for the rows a page shows (``attach_applications``)."""

    def __init__(
        self,
        *,
        total: Decimal,  # weighted, 0..100
        per_criterion: dict[str, Decimal],  # mean score per criterion, on the panel's scale
        application: Application | None = None,
        application_id: int | None = None,
        spread: dict[str, Decimal] | None = None,  # max - min per criterion
        flagged: list[str] | None = None,  # criteria where evaluators disagree too much
        complete: bool = True,  # every non-recused evaluator scored every criterion
    ) -> None:
        self._application = application
        self.application_id = application.pk if application is not None else application_id
        self.total = total
        self.per_criterion = per_criterion
        self.spread = spread if spread is not None else {}
        self.flagged = flagged if flagged is not None else []
        self.complete = complete

    @property
    def application(self) -> Application:
        if self._application is None:
            raise LookupError(f"ranking row {self.application_id} was not read: attach_applications() first")
        return self._application

    @application.setter
    def application(self, value: Application) -> None:
        self._application = value
        self.application_id = value.pk

    @property
    def attached(self) -> bool:
        return self._application is not None


def ranking(call: Call, *, partners: bool = False, attach: bool = True) -> list[RankRow]:
    """The weighted ranking of ``call``'s opened applications, best first. A criterion's weight applies to the
    mean of the evaluators' scores divided by the scale; large disagreements are flagged. ``partners``: each
    application's consortium partners prefetched (a page of rows can prefetch its own: ``with_partners``).

    ``attach=False``: the rows hold only their application's id, for a page that shows a few rows of a long
    ranking and reads those with ``attach_applications`` (reading 500 applicants and their organisations to
    show 50 was most of the board's time, #19)."""
    panel = Panel.objects.filter(call=call).first()
    if panel is None:
        return []
    criteria = [(str(c["name"]), Decimal(int(c["weight"]))) for c in call.criteria]
    members = list(PanelMember.objects.filter(panel=panel, status=PanelMember.Status.ACTIVE))
    ids = list(_ranked_applications(call).values_list("pk", flat=True))
    # how many of the active evaluators recused themselves from each applicant (one declaration per pair)
    recused = Counter(
        Declaration.objects.filter(member__in=members, conflict=True).values_list("application_id", flat=True)
    )
    # Each applicant's scores per criterion, summed up by PostgreSQL: a 500-applicant call has 10,000 scores, and
    # reading them one by one into Python was half of the board's time (#19). Sums are exact (numeric), so the
    # mean below is the one Python computed from the values. Read as tuples, not dicts: 1,500 rows per board request.
    scores: dict[tuple[int, str], tuple[int, Decimal, Decimal, Decimal]] = {
        (application_id, criterion): (n, total, low, high)
        for application_id, criterion, n, total, low, high in Score.objects.filter(member__in=members)
        .values_list("application_id", "criterion")
        .annotate(n=Count("pk"), total=Sum("score"), low=Min("score"), high=Max("score"))
        .order_by()
    }
    rows = []
    scale = Decimal(panel.scale_max)
    threshold = panel.disagreement_threshold
    cent = Decimal("0.01")
    for pk in ids:
        expected = len(members) - recused[pk]
        row = RankRow(application_id=pk, total=Decimal(0), per_criterion={})
        for name, weight in criteria:
            found = scores.get((pk, name))
            if found is None:
                row.complete = False
                continue
            count, total, low, high = found
            if count < expected:
                row.complete = False
            mean = total / count
            row.per_criterion[name] = mean.quantize(cent)
            row.spread[name] = spread = high - low
            if spread > threshold:
                row.flagged.append(name)
            row.total += weight * mean / scale
        row.total = row.total.quantize(cent)
        rows.append(row)
    rows.sort(key=lambda r: (-r.total, r.application_id))
    if attach:
        attach_applications(rows, partners=partners)
    return rows


def _ranked_applications(call: Call) -> QuerySet[Application]:
    return Application.objects.filter(call=call, status__in=Application.SUBMITTED_STATES).exclude(
        status=Application.Status.DISQUALIFIED
    )


def attach_applications(
    rows: list[RankRow], *, partners: bool = False, known: Iterable[Application] = ()
) -> list[RankRow]:
    """``rows``' applications (with their organisations) read in one query, or taken from ``known`` (already
    read), for the rows of ``ranking(attach=False)`` not read yet; returns ``rows``."""
    found: dict[int | None, Application] = {a.pk: a for a in known}
    missing = [r.application_id for r in rows if not r.attached and r.application_id not in found]
    if missing:
        found.update(
            (a.pk, a)
            for a in Application.objects.filter(pk__in=[pk for pk in missing if pk is not None])
            .select_related("supplier")
            .defer(*PROPOSAL_TEXTS)  # a ranking names applicants; 500 proposals' texts took a second to read
        )
    for row in rows:
        if not row.attached:
            row.application = found[row.application_id]
    if partners:
        with_partners([r.application for r in rows])
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
    # Counted by PostgreSQL per evaluator: a 500-applicant call has 2,500 declarations and 10,000 scores, which
    # were read row by row on every board request (#19). The applicants' ids are read first and passed as one
    # array: as a subquery, the planner took them for the registry's average call (a few scores each) and looked
    # up every declaration's scores one by one (12 ms for 500 applicants, 4 ms with the ids).
    evaluated = (
        list(evaluated_applications(call).prefetch_related(None).order_by().values_list("pk", flat=True))
        if members
        else []
    )
    applications = len(evaluated)
    names = set(criteria_names(call))
    declared: dict[int, tuple[int, int]] = {
        row["member_id"]: (row["declared"], row["recused"])
        for row in Declaration.objects.filter(_among("application_id", evaluated), member__in=members)
        .values("member_id")
        .annotate(declared=Count("pk"), recused=Count("pk", filter=Q(conflict=True)))
        .order_by()
    }
    cleared = Declaration.objects.filter(member=OuterRef("member"), application=OuterRef("application"), conflict=False)
    done: dict[int, int] = {
        row["member_id"]: row["n"]
        for row in Score.objects.filter(
            Exists(cleared), _among("application_id", evaluated), member__in=members, criterion__in=names
        )
        .values("member_id")
        .annotate(n=Count("pk"))
        .order_by()
    }
    rows = []
    for member in members:
        count, recused = declared.get(member.pk, (0, 0))
        rows.append(
            Progress(
                member=member,
                applications=applications,
                declared=count,
                recused=recused,
                scores_expected=(applications - recused) * len(names),
                scores_done=done.get(member.pk, 0),
            )
        )
    return rows


class _AnyOf(Func):
    """``column = ANY(array)``: many ids as one parameter, where ``__in`` binds (and PostgreSQL plans) one per id."""

    template = "%(expressions)s)"
    arg_joiner = " = ANY("
    output_field = BooleanField()


def _among(column: str, ids: list[int]) -> _AnyOf:
    return _AnyOf(F(column), Value(ids, output_field=ArrayField(BigIntegerField())))


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
