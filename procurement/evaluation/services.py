"""Every write of the evaluation panel: settings, evaluators, signed declarations, scores, submission, reveal.

Rules, in one place (docs/procurement.md, "The evaluation panel"):

- The body's approvers (or portal admins) configure the panel and name or remove evaluators, until the decision.
  An evaluator holds an active *evaluator* membership of the body, and is not, nor was in the last 24 months (the
  membership history), a member of an applicant organisation (lead or consortium partner). Before the opening nobody at the body may know who applied, so then
  members of any supplier organisation are refused (the refusal would otherwise say that one of them applied).
- Declarations exist only after the opening (the list of applicants is sealed before), one per evaluator and
  applicant, signed by the evaluator, immutable. A recusal needs a statement. A member of an applicant
  organisation, now or in the last 24 months, cannot declare "no conflict" for it.
- Scores: per criterion of the call, within ``0..panel.scale_max`` (two decimals), with a justification; only for
  applicants declared "no conflict"; editable until the evaluator submits their evaluation, and never after the
  call is decided.
- Blind first round: names are revealed automatically when every non-recused evaluator has scored every
  criterion, or earlier by an approver with a reason; both audited.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govtech.accounts.models import Membership, Organisation
from govtech.accounts.roles import Actor, person
from govtech.audit.services import audit_record
from govtech.core.errors import ApplicationError, Conflict, NotAllowed
from govtech.notifications.kinds import Kind
from govtech.notifications.services import notification_emit
from procurement import conflicts
from procurement.applications.models import Application
from procurement.bodies.permissions import is_approver
from procurement.calls.models import Call
from procurement.evaluation import selectors
from procurement.evaluation.models import Declaration, Panel, PanelMember, Score

# Messages are constants: tests assert them, the API and the pages show them.
MSG_ONLY_APPROVER = _("Only approvers of this public body may manage its evaluation panel.")
MSG_NOT_EVALUATING = _("This call is not at a stage where it can be evaluated.")
MSG_DECIDED = _("The call has been decided: the evaluation can no longer change.")
MSG_SCALE = _("The highest score must be a whole number from 1 to 100.")
MSG_THRESHOLD = _("The disagreement threshold must be between 0 and the highest score.")
MSG_SETTINGS_LOCKED = _("The scale and the blind round cannot change once scoring has started.")
MSG_NOT_EVALUATOR = _("Only active evaluators of this public body can sit on its panel; give them the role first.")
MSG_SUPPLIER_BEFORE_OPENING = _(
    "Before the opening nobody may know who applied, so members of supplier organisations cannot be named yet."
)
MSG_MEMBER_OF_APPLICANT = _("This person is a member of %(organisation)s, which applied to this call.")
MSG_ALREADY_ON_PANEL = _("This person already sits on the panel.")
MSG_ALREADY_REMOVED = _("This evaluator was already removed.")
MSG_REASON_REQUIRED = _("Give a reason.")
MSG_NOT_ON_PANEL = _("You do not sit on this call's evaluation panel.")
MSG_ONLY_BODY = _("Only officers and approvers of this public body may see its evaluation.")
MSG_NOT_YOUR_SEAT = _("Only the evaluator can sign or score for themselves.")
MSG_SEAT_REMOVED = _("You no longer sit on this panel.")
MSG_NOT_OPENED = _("The applications have not been opened yet.")
MSG_NOT_AN_APPLICANT = _("This is not an application under evaluation in this call.")
MSG_ALREADY_SIGNED = _("You already signed your declaration for this applicant; it cannot change.")
MSG_STATEMENT_REQUIRED = _("Explain your conflict of interest.")
MSG_MUST_RECUSE = _("You are a member of %(organisation)s, which is part of this application: you must recuse.")
MSG_DECLARE_FIRST = _("Sign your conflict-of-interest declaration for this applicant before scoring.")
MSG_RECUSED = _("You recused yourself from this applicant.")
MSG_UNKNOWN_CRITERION = _("This is not a criterion of the call.")
MSG_SCORE_RANGE = _("The score must be a number from 0 to %(max)s, with at most two decimals.")
MSG_JUSTIFICATION = _("Justify the score.")
MSG_TOO_LONG = _("Keep it under %(max)s characters.")
MSG_SUBMITTED = _("You submitted your evaluation: your scores are final.")
MSG_INCOMPLETE = _("Your evaluation is not complete: %(declarations)s declarations and %(scores)s scores are missing.")
MSG_NOT_SUBMITTED = _("This evaluator has not submitted their evaluation.")
MSG_NOT_BLIND = _("This panel has no blind round, or the names are already revealed.")

TEXT_MAX = 5000
DECIDED = frozenset({Call.Status.AWARDED, Call.Status.UNSUCCESSFUL, Call.Status.CANCELLED})
# A panel can be set up from the publication on; evaluation work happens once the call is closed and opened.
PANEL_STATES = frozenset({Call.Status.PUBLISHED, Call.Status.CLOSED, Call.Status.IN_EVALUATION})


# --- checks ----------------------------------------------------------------------------


def _digest(text: str) -> str:
    """The audit trail keeps a free text's SHA-256, never the text (which stays on its own row)."""
    return hashlib.sha256((text or "").encode()).hexdigest()


def _require_approver(actor: Actor, call: Call) -> None:
    if not is_approver(actor, call.body_id):
        raise NotAllowed(str(MSG_ONLY_APPROVER))


def _require_not_decided(call: Call) -> None:
    if call.status in DECIDED:
        raise Conflict(str(MSG_DECIDED))
    if call.status not in PANEL_STATES:
        raise Conflict(str(MSG_NOT_EVALUATING))


def _require_own_active_seat(member: PanelMember, actor: Actor) -> PanelMember:
    """Lock and re-read the seat: the evaluator's own, still active."""
    if getattr(actor, "pk", None) != member.user_id:
        raise NotAllowed(str(MSG_NOT_YOUR_SEAT))
    locked = PanelMember.objects.select_for_update().select_related("panel__call").get(pk=member.pk)
    if locked.status != PanelMember.Status.ACTIVE:
        raise NotAllowed(str(MSG_SEAT_REMOVED))
    return locked


def _require_opened(call: Call) -> None:
    if not selectors.is_opened(call):
        raise Conflict(str(MSG_NOT_OPENED))


def _evaluated(call: Call, application: Application) -> Application:
    found = selectors.evaluated_applications(call).filter(pk=application.pk).first()
    if found is None:
        raise ApplicationError(str(MSG_NOT_AN_APPLICANT), field="application")
    return found


def _text(value: Any, *, field: str, required_message: Any) -> str:
    text = str(value or "").strip()
    if not text:
        raise ApplicationError(str(required_message), field=field)
    if len(text) > TEXT_MAX:
        raise ApplicationError(str(MSG_TOO_LONG) % {"max": TEXT_MAX}, field=field)
    return text


def _supplier_orgs_of(user: Actor) -> dict[int, str]:
    """The supplier organisations ``user`` is, or was in the last 24 months, an active member of (the membership
    history, as for the opener and the decider: ``procurement.conflicts``), by name."""
    ids = conflicts.supplier_ids_of_person(user)
    return dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "name"))


# --- the panel -------------------------------------------------------------------------


def panel_for(call: Call) -> Panel:
    """The call's panel, created with the default settings the first time it is needed (not audited: it
    changes nothing until configured or given members, which are)."""
    panel, _created = Panel.objects.get_or_create(call=call)
    return panel


def panel_configure(
    *, call: Call, actor: Actor, scale_max: int, disagreement_threshold: Decimal | str, blind_first_round: bool
) -> Panel:
    """Set the scale, the disagreement threshold and the blind first round. The scale and the blind round are
    locked once the first score is in (they would change the meaning of the scores already given)."""
    _require_approver(actor, call)
    _require_not_decided(call)
    try:
        scale = int(scale_max)
        threshold = Decimal(str(disagreement_threshold))
    except (TypeError, ValueError, InvalidOperation):
        raise ApplicationError(str(MSG_SCALE), field="scale_max") from None
    if not 1 <= scale <= 100 or scale != Decimal(str(scale_max)):
        raise ApplicationError(str(MSG_SCALE), field="scale_max")
    if (
        not threshold.is_finite()
        or not Decimal(0) <= threshold <= scale
        or threshold != threshold.quantize(Decimal("0.01"))
    ):
        raise ApplicationError(str(MSG_THRESHOLD), field="disagreement_threshold")
    with transaction.atomic():
        panel_for(call)
        panel = Panel.objects.select_for_update().get(call=call)
        before = {
            "scale_max": panel.scale_max,
            "disagreement_threshold": str(panel.disagreement_threshold),
            "blind_first_round": panel.blind_first_round,
        }
        scored = Score.objects.filter(member__panel=panel).exists()
        if scored and (scale != panel.scale_max or bool(blind_first_round) != panel.blind_first_round):
            raise Conflict(str(MSG_SETTINGS_LOCKED))
        panel.scale_max = scale
        panel.disagreement_threshold = threshold
        panel.blind_first_round = bool(blind_first_round)
        panel.save(update_fields=["scale_max", "disagreement_threshold", "blind_first_round"])
        after = {
            "scale_max": scale,
            "disagreement_threshold": str(threshold),
            "blind_first_round": bool(blind_first_round),
        }
        audit_record(
            actor=actor,
            verb="evaluation.panel_configure",
            target=panel,
            before=before,
            after=after,
            organisation_id=call.body_id,
        )
    return panel


def panel_member_add(*, call: Call, user: Actor, actor: Actor) -> PanelMember:
    """Name an evaluator (or name again one who was removed). The evaluator is told (``EVALUATION_ASSIGNED``)."""
    _require_approver(actor, call)
    _require_not_decided(call)
    is_evaluator = Membership.objects.filter(
        user=person(user), organisation_id=call.body_id, role=Membership.Role.EVALUATOR, status=Membership.Status.ACTIVE
    ).exists()
    if not is_evaluator or not getattr(user, "is_active", False):
        raise ApplicationError(str(MSG_NOT_EVALUATOR), field="user")
    suppliers = _supplier_orgs_of(user)
    if suppliers:
        if not selectors.is_opened(call):
            raise ApplicationError(str(MSG_SUPPLIER_BEFORE_OPENING), field="user")
        for application in selectors.evaluated_applications(call):
            shared = selectors.applicant_organisation_ids(application) & set(suppliers)
            if shared:
                name = suppliers[min(shared)]
                raise ApplicationError(str(MSG_MEMBER_OF_APPLICANT) % {"organisation": name}, field="user")
    with transaction.atomic():
        panel_for(call)
        panel = Panel.objects.select_for_update().get(call=call)
        member = PanelMember.objects.filter(panel=panel, user=person(user)).first()
        if member is not None and member.status == PanelMember.Status.ACTIVE:
            raise Conflict(str(MSG_ALREADY_ON_PANEL), field="user")
        if member is None:
            member = PanelMember.objects.create(panel=panel, user=person(user), named_by=person(actor))
            before: dict[str, Any] = {}
        else:
            before = {"status": member.status}
            member.status = PanelMember.Status.ACTIVE
            member.named_by = person(actor)
            member.save(update_fields=["status", "named_by"])
        audit_record(
            actor=actor,
            verb="evaluation.member_add",
            target=member,
            before=before,
            after={"status": member.status, "user_id": user.pk, "call_id": call.pk},
            organisation_id=call.body_id,
        )
        deadline = call.expected_decision
        notification_emit(
            kind=Kind.EVALUATION_ASSIGNED,
            recipients=[user],
            event_key=f"panel:{panel.pk}:member:{member.pk}:named:{timezone.now().isoformat()}",
            context={
                "title": call.title,
                "buyer": call.body.name,
                "person": str(actor),
                "timezone": call.timezone,
                "group_key": f"call:{call.pk}",
                "group_label": call.title,
                **({"deadline": deadline.isoformat()} if deadline else {"variant": "no_deadline"}),
            },
            url=reverse("evaluation:call", kwargs={"call_id": call.pk}),
        )
    return member


def panel_member_remove(*, member: PanelMember, actor: Actor, reason: str) -> PanelMember:
    """Take an evaluator off the panel, with a reason. Their declarations and scores stay on record but no longer
    count in the ranking."""
    call = member.panel.call
    _require_approver(actor, call)
    _require_not_decided(call)
    reason = _text(reason, field="reason", required_message=MSG_REASON_REQUIRED)
    with transaction.atomic():
        locked = PanelMember.objects.select_for_update().get(pk=member.pk)
        if locked.status == PanelMember.Status.REMOVED:
            raise Conflict(str(MSG_ALREADY_REMOVED))
        locked.status = PanelMember.Status.REMOVED
        locked.save(update_fields=["status"])
        audit_record(
            actor=actor,
            verb="evaluation.member_remove",
            target=locked,
            before={"status": PanelMember.Status.ACTIVE},
            after={"status": locked.status, "reason": reason, "user_id": locked.user_id},
            organisation_id=call.body_id,
        )
        _reveal_if_complete(locked.panel, actor)
    return locked


# --- the evaluator's work --------------------------------------------------------------


def declaration_sign(
    *, member: PanelMember, application: Application, actor: Actor, conflict: bool, statement: str = ""
) -> Declaration:
    """Sign, once and for good, "no conflict of interest" with an applicant or a recusal with a statement."""
    if getattr(actor, "pk", None) != member.user_id:
        raise NotAllowed(str(MSG_NOT_YOUR_SEAT))
    call = member.panel.call
    _require_not_decided(call)
    _require_opened(call)
    application = _evaluated(call, application)
    statement = str(statement or "").strip()
    if conflict:
        statement = _text(statement, field="statement", required_message=MSG_STATEMENT_REQUIRED)
    elif len(statement) > TEXT_MAX:
        raise ApplicationError(str(MSG_TOO_LONG) % {"max": TEXT_MAX}, field="statement")
    else:
        suppliers = _supplier_orgs_of(actor)
        shared = selectors.applicant_organisation_ids(application) & set(suppliers)
        if shared:
            raise ApplicationError(str(MSG_MUST_RECUSE) % {"organisation": suppliers[min(shared)]}, field="conflict")
    try:
        with transaction.atomic():
            locked = _require_own_active_seat(member, actor)
            if Declaration.objects.filter(member=locked, application=application).exists():
                raise Conflict(str(MSG_ALREADY_SIGNED))
            declaration = Declaration.objects.create(
                member=locked,
                application=application,
                conflict=bool(conflict),
                statement=statement,
                signed_at=timezone.now(),
            )
            audit_record(
                actor=actor,
                verb="evaluation.declare",
                target=declaration,
                after={
                    "application_id": application.pk,
                    "conflict": bool(conflict),
                    "statement_sha256": _digest(statement),  # the text is on the declaration: ids only here
                    "signed_at": declaration.signed_at.isoformat(),
                },
                organisation_id=call.body_id,
            )
            _reveal_if_complete(locked.panel, actor)
    except IntegrityError:  # a concurrent second signature lost the race
        raise Conflict(str(MSG_ALREADY_SIGNED)) from None
    return declaration


def _score_value(value: Any, scale: int) -> Decimal:
    message = str(MSG_SCORE_RANGE) % {"max": scale}
    if isinstance(value, bool):
        raise ApplicationError(message, field="score")
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ApplicationError(message, field="score") from None
    if not number.is_finite() or not Decimal(0) <= number <= scale or number != number.quantize(Decimal("0.01")):
        raise ApplicationError(message, field="score")
    return number.quantize(Decimal("0.01"))


def score_record(
    *, member: PanelMember, application: Application, criterion: str, score: Any, justification: str, actor: Actor
) -> Score:
    """Give (or change) a score for one criterion of one applicant, with its justification."""
    if getattr(actor, "pk", None) != member.user_id:
        raise NotAllowed(str(MSG_NOT_YOUR_SEAT))
    call = member.panel.call
    _require_not_decided(call)
    _require_opened(call)
    application = _evaluated(call, application)
    if criterion not in selectors.criteria_names(call):
        raise ApplicationError(str(MSG_UNKNOWN_CRITERION), field="criterion")
    value = _score_value(score, member.panel.scale_max)
    text = _text(justification, field="justification", required_message=MSG_JUSTIFICATION)
    with transaction.atomic():
        locked = _require_own_active_seat(member, actor)
        if locked.submitted_at is not None:
            raise Conflict(str(MSG_SUBMITTED))
        declaration = Declaration.objects.filter(member=locked, application=application).first()
        if declaration is None:
            raise Conflict(str(MSG_DECLARE_FIRST), field="application")
        if declaration.conflict:
            raise NotAllowed(str(MSG_RECUSED), field="application")
        existing = Score.objects.filter(member=locked, application=application, criterion=criterion).first()
        before = (
            {"score": str(existing.score), "justification_sha256": _digest(existing.justification)} if existing else {}
        )
        if existing is None:
            row = Score.objects.create(
                member=locked, application=application, criterion=criterion, score=value, justification=text
            )
        else:
            existing.score, existing.justification = value, text
            existing.save(update_fields=["score", "justification", "scored_at"])
            row = existing
        audit_record(
            actor=actor,
            verb="evaluation.score",
            target=row,
            before=before,
            after={
                "application_id": application.pk,
                "criterion": criterion,
                "score": str(value),
                "justification_sha256": _digest(text),  # the text is on the score; its digest shows a change
            },
            organisation_id=call.body_id,
        )
        _reveal_if_complete(locked.panel, actor)
    return row


def evaluation_submit(*, member: PanelMember, actor: Actor) -> PanelMember:
    """The evaluator hands in: every applicant declared, every criterion of the non-recused ones scored. From
    then on their scores are final (an approver may reopen them, with a reason)."""
    call = member.panel.call
    if getattr(actor, "pk", None) != member.user_id:
        raise NotAllowed(str(MSG_NOT_YOUR_SEAT))
    _require_not_decided(call)
    _require_opened(call)
    with transaction.atomic():
        locked = _require_own_active_seat(member, actor)
        if locked.submitted_at is not None:
            raise Conflict(str(MSG_SUBMITTED))
        progress = selectors.panel_progress(locked.panel, [locked])[0]
        if not progress.complete or progress.applications == 0:
            raise ApplicationError(
                str(MSG_INCOMPLETE)
                % {"declarations": progress.declarations_missing, "scores": progress.scores_missing},
                extra={
                    "declarations_missing": progress.declarations_missing,
                    "scores_missing": progress.scores_missing,
                },
            )
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["submitted_at"])
        audit_record(
            actor=actor,
            verb="evaluation.submit",
            target=locked,
            after={"submitted_at": locked.submitted_at.isoformat(), "call_id": call.pk},
            organisation_id=call.body_id,
        )
    return locked


def evaluation_reopen(*, member: PanelMember, actor: Actor, reason: str) -> PanelMember:
    """An approver reopens an evaluator's submitted evaluation (e.g. a complaint was upheld), with a reason."""
    call = member.panel.call
    _require_approver(actor, call)
    _require_not_decided(call)
    reason = _text(reason, field="reason", required_message=MSG_REASON_REQUIRED)
    with transaction.atomic():
        locked = PanelMember.objects.select_for_update().get(pk=member.pk)
        if locked.submitted_at is None:
            raise Conflict(str(MSG_NOT_SUBMITTED))
        before = {"submitted_at": locked.submitted_at.isoformat()}
        locked.submitted_at = None
        locked.save(update_fields=["submitted_at"])
        audit_record(
            actor=actor,
            verb="evaluation.reopen",
            target=locked,
            before=before,
            after={"submitted_at": None, "reason": reason},
            organisation_id=call.body_id,
        )
    return locked


# --- the blind round -------------------------------------------------------------------


def _reveal(panel: Panel, actor: Actor, *, automatic: bool, reason: str = "") -> Panel:
    panel.names_revealed_at = timezone.now()
    panel.save(update_fields=["names_revealed_at"])
    audit_record(
        actor=actor,
        verb="evaluation.names_reveal",
        target=panel,
        after={"automatic": automatic, "reason": reason, "names_revealed_at": panel.names_revealed_at.isoformat()},
        organisation_id=panel.call.body_id,
    )
    return panel


def _reveal_if_complete(panel: Panel, actor: Actor) -> None:
    """Inside the caller's transaction: the blind round ends by itself when the last score is in."""
    locked = Panel.objects.select_for_update().select_related("call").get(pk=panel.pk)
    if selectors.names_hidden(locked) and selectors.panel_complete(locked):
        _reveal(locked, actor, automatic=True)


def panel_reveal_names(*, call: Call, actor: Actor, reason: str) -> Panel:
    """An approver ends the blind round before every score is in (e.g. an evaluator cannot finish)."""
    _require_approver(actor, call)
    _require_not_decided(call)
    reason = _text(reason, field="reason", required_message=MSG_REASON_REQUIRED)
    with transaction.atomic():
        panel = Panel.objects.select_for_update().select_related("call").filter(call=call).first()
        if not selectors.names_hidden(panel):
            raise Conflict(str(MSG_NOT_BLIND))
        assert panel is not None
        return _reveal(panel, actor, automatic=False, reason=reason)
