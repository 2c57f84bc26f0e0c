"""Every write about calls: the lifecycle, amendments, questions and answers, following."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from govtech.accounts.models import Membership, Organisation
from govtech.accounts.roles import Actor, person, signed_in
from govtech.accounts.selectors import users_with_ids
from govtech.audit.services import audit_record
from govtech.core.errors import ApplicationError, InvalidTransition, NotAllowed
from govtech.notifications.kinds import Kind
from govtech.notifications.services import notification_emit
from procurement import search
from procurement.applications.models import Application
from procurement.bodies.permissions import (
    APPROVER_ROLES,
    OFFICER_ROLES,
    is_approver,
    require_officer,
    require_verified_body,
)
from procurement.calls.lifecycle import CALL
from procurement.calls.models import Call, CallAmendment, CallFollow, Question
from procurement.challenges.models import Challenge
from procurement.matching.enqueue import rank_on_commit
from procurement.ocds import services as ocds
from procurement.validation import validate_call, validate_dates

CALL_FIELDS = (
    "title",
    "summary",
    "instrument",
    "instrument_other",
    "phases",
    "sectors",
    "cpv_codes",
    "technologies",
    "regions",
    "budget",
    "currency",
    "duration_months",
    "smes_only",
    "startups_only",
    "eligible_countries",
    "consortia_allowed",
    "verified_suppliers_only",
    "criteria",
    "requirements",
    "timezone",
    "publication_date",
    "questions_deadline",
    "submission_deadline",
    "expected_decision",
    "language",
)


def call_create(*, body: Organisation, actor: Actor, challenge: Challenge | None = None, **data: Any) -> Call:
    require_officer(actor, body.pk)
    if challenge is not None and challenge.body_id != body.pk:
        raise ApplicationError(_("The challenge belongs to another body."), field="challenge")
    validate_call(data)
    with transaction.atomic():
        call = Call.objects.create(body=body, challenge=challenge, created_by=person(actor), **data)
        search.call_reindex([call.pk])
        audit_record(actor=actor, verb="call.create", target=call, organisation_id=body.pk)  # named when read
    return call


def call_update(*, call: Call, actor: Actor, **data: Any) -> Call:
    """Edit a draft (or a call sent back to draft). Published calls change through amendments."""
    require_officer(actor, call.body_id)
    if call.status != Call.Status.DRAFT:
        raise InvalidTransition(_("Only drafts can be edited; amend a published call instead."))
    merged = {name: getattr(call, name) for name in CALL_FIELDS} | data
    validate_call(merged)
    if "requirements" in data:  # validate_call normalised it (defaults filled in)
        data["requirements"] = merged["requirements"]
    with transaction.atomic():
        for name, value in data.items():
            setattr(call, name, value)
        call.save()
        search.call_reindex([call.pk])
        audit_record(
            actor=actor, verb="call.update", target=call, after={"fields": sorted(data)}, organisation_id=call.body_id
        )
    return call


def _audience(call: Call) -> list[Any]:
    followers = set(CallFollow.objects.filter(call=call).values_list("user_id", flat=True))
    askers = set(Question.objects.filter(call=call).values_list("asked_by_id", flat=True))
    return users_with_ids(followers | askers)


def _officers(call: Call, roles: frozenset[str] = OFFICER_ROLES) -> list[Any]:
    return users_with_ids(
        list(
            Membership.objects.filter(
                organisation_id=call.body_id, status=Membership.Status.ACTIVE, role__in=roles
            ).values_list("user_id", flat=True)
        )
    )


def _message_context(call: Call) -> dict[str, Any]:
    """What every message about ``call`` says: which call, whose, its deadline in its own time zone."""
    return {
        "call_id": call.pk,
        "title": call.title,
        "buyer": call.body.name,
        "deadline": call.submission_deadline.isoformat() if call.submission_deadline else "",
        "timezone": call.timezone,
        "group_key": f"call:{call.pk}",
        "group_label": call.title,
    }


def _applicants_audience(call: Call) -> list[Any]:
    """The active members of every supplier with a draft or submitted application to ``call`` (lead or partner)."""
    applications = Application.objects.filter(call_id=call.pk).exclude(status=Application.Status.WITHDRAWN)
    organisations = set(applications.values_list("supplier_id", flat=True)) | set(
        applications.values_list("partners__organisation_id", flat=True)
    )
    organisations.discard(None)
    return users_with_ids(
        list(
            Membership.objects.filter(organisation_id__in=organisations, status=Membership.Status.ACTIVE).values_list(
                "user_id", flat=True
            )
        )
    )


def require_deadline_passed(call: Call, now: Any = None) -> None:
    """The deadline holds: nobody closes a published call before its submission deadline (the sweeper closes it
    at the deadline); ending it early is a cancellation, with a public reason."""
    if (now or timezone.now()) < call.submission_deadline:
        raise InvalidTransition(
            _(
                "The deadline holds: a call is closed at its submission deadline (%(deadline)s), never before. "
                "To end it early, cancel it with a public reason."
            )
            % {"deadline": timezone.localtime(call.submission_deadline).strftime("%Y-%m-%d %H:%M %Z")},
            extra={"rule": "deadline_holds", "deadline": call.submission_deadline.isoformat()},
        )


def call_transition(
    *, call: Call, to: str, actor: Actor | None, reason: str = "", now: datetime.datetime | None = None
) -> Call:
    """Move ``call`` to ``to`` if the table allows it: lock, timestamp, audit, notify. ``actor`` None = the system."""
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        source = locked.status
        if not CALL.allows(source, to):
            raise InvalidTransition(
                _("A call cannot go from “%(a)s” to “%(b)s”.")
                % {"a": Call.Status(source).label, "b": Call.Status(to).label}
            )
        if to == Call.Status.CLOSED:
            require_deadline_passed(locked, now)
        if to == Call.Status.PUBLISHED:
            require_verified_body(locked.body)
        if to == Call.Status.CANCELLED:
            if not reason.strip():
                raise ApplicationError(_("Give the public a reason for cancelling."), field="reason")
            locked.cancel_reason = reason.strip()
        now = now or timezone.now()
        locked.status = to
        stamp = CALL.timestamps.get(to)
        if stamp:
            setattr(locked, stamp, now)
        after: dict[str, Any] = {"status": to, "reason": reason}
        if to == Call.Status.IN_APPROVAL and actor is not None:
            locked.submitted_by = person(actor)
            after["submitted_by"] = locked.submitted_by.pk
        if to == Call.Status.PUBLISHED:  # publishing is the approval: who approved is part of the same write
            require_four_eyes(locked, actor)
            locked.approved_by = person(actor)
            after["approved_by"] = locked.approved_by.pk
            if locked.publication_date is None:
                locked.publication_date = now
        locked.save()
        audit_record(
            actor=actor,
            verb=f"call.{to}",
            target=locked,
            before={"status": source},
            after=after,
            organisation_id=locked.body_id,
        )
        ocds.ocds_after_transition(call_id=locked.pk, to=to)
        context = _message_context(locked) | {"reason": locked.cancel_reason}
        url = reverse("procurement:call", args=[locked.pk])
        if to == Call.Status.PUBLISHED:
            rank_on_commit(locked)  # matching: suggested suppliers, in the worker
            recipients = _officers(locked)
            if recipients:
                notification_emit(
                    kind=Kind.NEW_CALL,
                    recipients=recipients,
                    event_key=f"call:{locked.pk}:published",
                    context=context,
                    url=url,
                )
        if to == Call.Status.IN_APPROVAL:  # work that waits: the body's approvers decide
            recipients = [u for u in _officers(locked, APPROVER_ROLES) if actor is None or u.pk != actor.pk]
            if recipients:
                notification_emit(
                    kind=Kind.CALL_TO_APPROVE,
                    recipients=recipients,
                    event_key=f"call:{locked.pk}:in_approval:{now.timestamp():.0f}",
                    context=context | {"person": str(actor) if actor is not None else context["buyer"]},
                    url=reverse("procurement:officer_call", args=[locked.pk]),
                )
        if to == Call.Status.CLOSED:
            recipients = list({u.pk: u for u in _audience(locked) + _officers(locked)}.values())
            if recipients:
                notification_emit(
                    kind=Kind.CALL_CLOSED,
                    recipients=recipients,
                    event_key=f"call:{locked.pk}:{to}",
                    context=context,
                    url=url,
                )
        if to == Call.Status.CANCELLED:
            everyone = _audience(locked) + _officers(locked) + _applicants_audience(locked)
            recipients = list({u.pk: u for u in everyone}.values())
            if recipients:
                notification_emit(
                    kind=Kind.CALL_CANCELLED,
                    recipients=recipients,
                    event_key=f"call:{locked.pk}:{to}",
                    context=context,
                    url=url,
                )
    call.refresh_from_db()
    return call


def require_four_eyes(call: Call, actor: Actor | None) -> None:
    """Four eyes: the person who created the call or sent it for approval cannot approve it."""
    actor_id = getattr(actor, "pk", None)
    if actor_id is None or actor_id in (call.created_by_id, call.submitted_by_id):
        raise NotAllowed(
            _(
                "Four eyes: you created this call or sent it for approval, so another approver of the body must "
                "approve it."
            ),
            extra={"rule": "four_eyes"},
        )


def call_submit_for_approval(*, call: Call, actor: Actor) -> Call:
    require_officer(actor, call.body_id)
    return call_transition(call=call, to=Call.Status.IN_APPROVAL, actor=actor)


def call_return_to_draft(*, call: Call, actor: Actor, reason: str = "") -> Call:
    """An approver sends a call in approval back to its officers, saying what to change."""
    if not is_approver(actor, call.body_id):
        raise NotAllowed(_("Only approvers of this public body may do this."))
    if not reason.strip():
        raise ApplicationError(_("Tell the officers what to change."), field="reason")
    return call_transition(call=call, to=Call.Status.DRAFT, actor=actor, reason=reason)


def call_approve(*, call: Call, actor: Actor) -> Call:
    """An approver of the body approves: the call is published."""
    if not is_approver(actor, call.body_id):
        raise NotAllowed(_("Only approvers of this public body may approve its calls."))
    require_four_eyes(call, actor)
    if call.submission_deadline <= timezone.now():
        raise ApplicationError(_("The submission deadline is in the past."), field="submission_deadline")
    return call_transition(call=call, to=Call.Status.PUBLISHED, actor=actor)


def call_close(*, call: Call, actor: Actor) -> Call:
    """Close a call whose deadline has passed (the sweeper does it at the deadline; an officer may do it if the
    sweeper has not run yet). Before the deadline this is refused: end it early with ``call_cancel``."""
    if actor is not None:
        require_officer(actor, call.body_id)
    return call_transition(call=call, to=Call.Status.CLOSED, actor=actor)


def call_cancel(*, call: Call, actor: Actor, reason: str) -> Call:
    """End a call early (or abandon it later): the reason is public (call page, OCDS ``tender.statusDetails``);
    followers, askers, the body's officers and every supplier with a draft or submitted application are told."""
    require_officer(actor, call.body_id)
    return call_transition(call=call, to=Call.Status.CANCELLED, actor=actor, reason=reason)


def call_start_evaluation(*, call: Call, actor: Actor) -> Call:
    require_officer(actor, call.body_id)
    if call.status in (Call.Status.AWARDED, Call.Status.UNSUCCESSFUL):  # only an upheld complaint re-opens it
        raise InvalidTransition(_("A decided call goes back to evaluation only when a complaint is upheld."))
    return call_transition(call=call, to=Call.Status.IN_EVALUATION, actor=actor)


def _require_no_applications(call: Call) -> None:
    """A call that received applications is decided on the decision page (ranking, evaluation report, debrief,
    standstill: ``procurement.awards.services.decision_take``), never by the bare status change."""

    if Application.objects.filter(call_id=call.pk).submitted().exists():
        raise InvalidTransition(
            _("This call received applications: decide it on its decision page, from the evaluation's ranking.")
        )


def call_declare_unsuccessful(*, call: Call, actor: Actor, reason: str = "") -> Call:
    """A call that received no application ends unsuccessful (never awarded: there is nobody to award)."""
    if not is_approver(actor, call.body_id):
        raise NotAllowed(_("Only approvers of this public body may decide."))
    _require_no_applications(call)
    return call_transition(call=call, to=Call.Status.UNSUCCESSFUL, actor=actor, reason=reason)


def calls_close_due(*, now: Any = None) -> list[int]:
    """Close every published call whose submission deadline has passed. Safe to run twice."""
    now = now or timezone.now()
    closed: list[int] = []
    for call in Call.objects.due_to_close(now).only("pk"):
        try:
            call_transition(call=call, to=Call.Status.CLOSED, actor=None, now=now)
        except InvalidTransition:
            continue  # closed meanwhile by someone else
        closed.append(call.pk)
    return closed


AMENDABLE = ("questions_deadline", "submission_deadline", "expected_decision", "summary", "budget")


def call_amend(*, call: Call, actor: Actor, reason: str, **changes: Any) -> CallAmendment:
    """Change a published call, keeping a numbered record; a deadline never moves earlier."""
    require_officer(actor, call.body_id)
    if call.status != Call.Status.PUBLISHED:
        raise InvalidTransition(_("Only published calls can be amended."))
    if not reason.strip():
        raise ApplicationError(_("Say why the call changes."), field="reason")
    unknown = set(changes) - set(AMENDABLE)
    if unknown:
        raise ApplicationError(_("This field cannot be amended."), field=sorted(unknown)[0])
    if "submission_deadline" in changes and changes["submission_deadline"] < call.submission_deadline:
        raise ApplicationError(_("A published deadline cannot move earlier."), field="submission_deadline")
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        validate_dates(
            questions_deadline=changes.get("questions_deadline", locked.questions_deadline),
            submission_deadline=changes.get("submission_deadline", locked.submission_deadline),
            expected_decision=changes.get("expected_decision", locked.expected_decision),
            publication_date=None,
        )
        record = {name: {"from": str(getattr(locked, name)), "to": str(value)} for name, value in changes.items()}
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.save()
        search.call_reindex([locked.pk])
        number = locked.amendments.count() + 1
        amendment = CallAmendment.objects.create(
            call=locked, number=number, reason=reason.strip(), changes=record, created_by=person(actor)
        )
        audit_record(actor=actor, verb="call.amend", target=locked, after=record, organisation_id=locked.body_id)
        rank_on_commit(locked)
        ocds.ocds_release_on_commit(call_id=locked.pk, tag="tenderAmendment", event=str(number))
        recipients = _audience(locked)
        if recipients:
            notification_emit(
                kind=Kind.CALL_AMENDED,
                recipients=recipients,
                event_key=f"call:{locked.pk}:amendment:{number}",
                context=_message_context(locked) | {"change": amendment.reason},
                url=reverse("procurement:call", args=[locked.pk]),
            )
    call.refresh_from_db()
    return amendment


def question_asker_organisation(actor: Actor) -> Organisation | None:
    """The supplier organisation ``actor`` asks for (questions come from suppliers only), or ``None``."""
    if not signed_in(actor):
        return None
    return Organisation.objects.suppliers().of_user(actor).first()


def question_ask(*, call: Call, actor: Actor, text: str) -> Question:
    """A supplier member asks; only the body's officers see who asked."""
    supplier = question_asker_organisation(actor)
    if supplier is None:
        raise NotAllowed(_("Only members of a supplier may ask questions."))
    if call.status != Call.Status.PUBLISHED:
        raise InvalidTransition(_("Questions are only taken while the call is open."))
    if timezone.now() > call.questions_deadline:
        raise ApplicationError(_("The questions deadline has passed."), field="text")
    if not text.strip():
        raise ApplicationError(_("Write your question."), field="text")
    with transaction.atomic():
        question = Question.objects.create(call=call, asked_by=person(actor), supplier=supplier, text=text.strip())
        audit_record(actor=actor, verb="question.ask", target=question, organisation_id=call.body_id)
        recipients = _officers(call)
        if recipients:
            notification_emit(
                kind=Kind.NEW_QUESTION,
                recipients=recipients,
                event_key=f"question:{question.pk}:asked",
                context=_message_context(call) | {"question": question.text},
                url=reverse("procurement:officer_call", args=[call.pk]),
            )
    return question


def question_answer(*, question: Question, actor: Actor, answer: str, reject: bool = False) -> Question:
    """Answer in public, or reject as out of scope (the reason is public too)."""
    require_officer(actor, question.call.body_id)
    if not answer.strip():
        raise ApplicationError(_("Write the answer or the reason."), field="answer")
    with transaction.atomic():
        updated = Question.objects.filter(pk=question.pk, status=Question.Status.PENDING).update(
            status=Question.Status.REJECTED if reject else Question.Status.ANSWERED,
            answer=answer.strip(),
            answered_by=actor,
            answered_at=timezone.now(),
        )
        if updated != 1:
            raise InvalidTransition(_("This question has already been dealt with."))
        question.refresh_from_db()
        audit_record(
            actor=actor, verb=f"question.{question.status}", target=question, organisation_id=question.call.body_id
        )
        recipients = _audience(question.call)
        if recipients and not reject:
            notification_emit(
                kind=Kind.ANSWER_PUBLISHED,
                recipients=recipients,
                event_key=f"question:{question.pk}:answered",
                context=_message_context(question.call) | {"question": question.text, "answer": question.answer},
                url=reverse("procurement:call", args=[question.call_id]) + "#questions",
            )
    return question


def call_follow(*, call: Call, actor: Actor) -> CallFollow:
    follow, _created = CallFollow.objects.get_or_create(call=call, user=person(actor))
    return follow


def call_unfollow(*, call: Call, actor: Actor) -> None:
    CallFollow.objects.filter(call=call, user=person(actor)).delete()
