"""Every write of the award side: the decision (with its report and the debriefs), complaints, the contract and
its milestones. Each checks its rules, writes, audits in the same transaction, and queues e-mails on commit."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govtech.accounts.models import Membership, User
from govtech.accounts.roles import Actor, person
from govtech.accounts.selectors import users_with_ids
from govtech.audit.services import audit_record
from govtech.core.errors import ApplicationError, Conflict, InvalidTransition, NotAllowed
from govtech.core.uploads import PROCUREMENT_TYPES, check_upload
from govtech.notifications.kinds import Kind
from govtech.notifications.services import notification_emit
from procurement import conflicts
from procurement.applications.models import Application, CallOpening
from procurement.awards import selectors
from procurement.awards.models import Award, Complaint, ComplaintDocument, Decision, Milestone
from procurement.awards.report import evaluation_report
from procurement.calls.models import Call
from procurement.calls.services import call_transition
from procurement.evaluation.models import Panel, PanelMember
from procurement.evaluation.selectors import panel_progress
from procurement.ocds.services import ocds_award_cancelled, ocds_contract_signed, ocds_milestone_met, ocds_on_commit
from procurement.uploads import max_bytes
from procurement.validation import validate_currency

S = Call.Status
A = Application.Status

DEFAULT_STANDSTILL_DAYS = 10
MAX_COMPLAINT_FILES = 5
# Instruments whose awards are pilots or test contracts, which may later "become a contract".
PILOT_INSTRUMENTS = frozenset({Call.Instrument.PILOT, Call.Instrument.CPSI, Call.Instrument.PCP})

OUTCOME_LABELS: dict[str, Any] = {
    A.AWARDED: gettext_lazy("awarded"),
    A.SHORTLISTED: gettext_lazy("selected for the next phase"),
    A.UNSUCCESSFUL: gettext_lazy("not selected"),
}


def standstill_days(instrument: str) -> int:
    """``PROCUREMENT_STANDSTILL_DAYS`` = ``{"default": 10, "<instrument>": n}``."""
    table = getattr(settings, "PROCUREMENT_STANDSTILL_DAYS", {}) or {}
    return int(table.get(instrument, table.get("default", DEFAULT_STANDSTILL_DAYS)))


@dataclass(frozen=True)
class AwardLine:
    application_id: int
    amount: Any
    currency: str


# --- the decision ----------------------------------------------------------------------


def _require_decider(actor: Actor, call: Call) -> None:
    if not selectors.is_decider(actor, call.body_id):
        raise NotAllowed(_("Only approvers of this public body may decide."))


def _amount(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ApplicationError(_("Give the amount as a number."), field="amount") from None
    if not amount.is_finite() or amount <= 0:
        raise ApplicationError(_("The amount must be greater than zero."), field="amount")
    if amount >= Decimal("1e12") or amount != amount.quantize(Decimal("0.01")):
        raise ApplicationError(_("Give the amount with at most two decimals and twelve digits."), field="amount")
    return amount


def _check_lines(call: Call, phase: selectors.Phase, lines: list[AwardLine]) -> list[tuple[Application, Decimal, str]]:
    if not lines:
        raise ApplicationError(_("Choose at least one application to award."), field="awards")
    allowed = {a.pk: a for a in selectors.candidates(call, phase)}
    seen: set[int] = set()
    checked = []
    for line in lines:
        application = Application.objects.filter(pk=line.application_id).select_related("supplier").first()
        if application is None or application.call_id != call.pk:
            raise ApplicationError(_("This application is not an application to this call."), field="awards")
        if application.pk in seen:
            raise ApplicationError(_("Each application can be awarded only once."), field="awards")
        seen.add(application.pk)
        if application.status in (A.WITHDRAWN, A.DISQUALIFIED, A.DRAFT):
            raise ApplicationError(
                _("The application of %(who)s is %(status)s and cannot be awarded.")
                % {"who": application.supplier.name, "status": application.get_status_display().lower()},
                field="awards",
            )
        if application.pk not in allowed:
            raise ApplicationError(
                _("The application of %(who)s is not in this round of the decision.")
                % {"who": application.supplier.name},
                field="awards",
            )
        currency = (line.currency or "").strip().upper()
        validate_currency(currency)
        checked.append((application, _amount(line.amount), currency))
    if phase.suppliers and not phase.last and len(checked) > phase.suppliers:
        raise ApplicationError(_("This phase takes at most %(n)s suppliers.") % {"n": phase.suppliers}, field="awards")
    return checked


def _refuse(message: str, rule: str, field: str | None = None) -> ApplicationError:
    return ApplicationError(message, field=field, extra={"rule": rule})


def require_completed_evaluation(call: Call, actor: Actor) -> None:
    """A decision needs a completed evaluation: a panel, every active member's evaluation submitted with a
    declaration for every application of the round and every criterion scored (recusals excepted), and it cannot
    be taken by someone who was the only evaluator. (There is no consensus score sheet: individual scores only.)"""
    panel = Panel.objects.filter(call=call).first()
    members = (
        list(PanelMember.objects.filter(panel=panel, status=PanelMember.Status.ACTIVE).select_related("user"))
        if panel
        else []
    )
    if panel is None or not members:
        raise _refuse(_("A decision needs a completed evaluation: this call has no evaluation panel."), "evaluation")
    progress = panel_progress(panel, members)
    unfinished = [row for row in progress if not (row.complete and row.submitted) or row.applications == 0]
    if unfinished:
        raise _refuse(
            _(
                "A decision needs a completed evaluation: %(n)s of %(total)s evaluators have not submitted every "
                "score of every application of the round."
            )
            % {"n": len(unfinished), "total": len(members)},
            "evaluation",
        )
    if len(members) == 1 and members[0].user_id == getattr(actor, "pk", None):
        raise NotAllowed(
            _("Four eyes: you were the only evaluator of this call, so another approver must decide."),
            extra={"rule": "four_eyes"},
        )


def _phase_price(application: Application, phase: selectors.Phase) -> Decimal | None:
    """The application's price for ``phase`` (its per-phase price where the call has phases), else its total."""
    if phase.name:
        for row in application.phase_prices or []:
            if str(row.get("phase", "")) == phase.name:
                try:
                    return Decimal(str(row.get("price")))
                except (InvalidOperation, ValueError, TypeError):
                    return None
    return application.price


def _phase_budget(call: Call, phase: selectors.Phase) -> Decimal:
    if phase.name and call.phases:
        raw = call.phases[phase.index].get("budget")
        try:
            return Decimal(str(raw)) if raw not in (None, "") else call.budget
        except (InvalidOperation, ValueError, TypeError):
            return call.budget
    return call.budget


def check_award_amounts(
    call: Call, phase: selectors.Phase, lines: list[tuple[Application, Decimal, str]], budget_exception: str
) -> bool:
    """Each amount in the currency of the awarded application's price and at most that price (for the phase);
    all of them within the budget (the phase's, where it has one) unless a reasoned exception is given, which is
    recorded and published with the decision. Returns whether the exception is used."""
    total = Decimal(0)
    comparable = True
    for application, amount, currency in lines:
        price = _phase_price(application, phase)
        if price is None or not application.currency:
            raise _refuse(
                _("The application of %(who)s states no price: it cannot be awarded an amount.")
                % {"who": application.supplier.name},
                "award_amount",
                "awards",
            )
        if currency != application.currency.upper():
            raise _refuse(
                _("The amount for %(who)s must be in %(currency)s, the currency of its price.")
                % {"who": application.supplier.name, "currency": application.currency.upper()},
                "award_currency",
                "awards",
            )
        if amount > price:
            raise _refuse(
                _("The amount for %(who)s is more than its price (%(price)s %(currency)s).")
                % {"who": application.supplier.name, "price": price, "currency": currency},
                "award_amount",
                "awards",
            )
        comparable = comparable and currency == call.currency.upper()
        total += amount
    over = not comparable or total > _phase_budget(call, phase)
    if over and not (budget_exception or "").strip():
        raise _refuse(
            _(
                "The awards exceed the budget (%(budget)s %(currency)s) or are in another currency: record a "
                "reasoned exception, which is published with the decision."
            )
            % {"budget": _phase_budget(call, phase), "currency": call.currency},
            "budget",
            "budget_exception",
        )
    return over


def _check_previous_phase(call: Call, phase: selectors.Phase, now: datetime.datetime) -> None:
    previous = selectors.previous_decision(call, phase)
    if previous is None:
        return
    if previous.standstill_running(now):
        raise InvalidTransition(_("The standstill period of the previous phase has not ended yet."))
    if previous.complaints.filter(status=Complaint.Status.FILED).exists():
        raise InvalidTransition(_("A complaint on the previous phase is pending: answer it first."))


def _localised(label: Any) -> dict[str, str]:
    values = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            values[code] = str(label)
    return values


def _members_of(application: Application) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organisation_id=application.supplier_id,
            memberships__status=Membership.Status.ACTIVE,
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def _debrief_items(application: Application) -> list[dict[str, str]]:
    """Per criterion the panel's mean and the evaluators' comments, language-neutral (names and numbers)."""
    report = selectors.debrief(application)
    items = []
    for criterion in report.criteria:
        mean = "-" if criterion.mean is None else f"{criterion.mean}/{report.scale}"
        items.append({"title": f"{criterion.name} ({criterion.weight} %): {mean}"})
        items.extend({"title": f"{criterion.name}: “{comment[:500]}”"} for comment in criterion.comments)
    if report.total is not None:
        items.append({"title": f"Total: {report.total}/100 ({report.rank}/{report.of})"})
    return items


def _tell_applicants(decision: Decision, applications: list[Application]) -> None:
    call = decision.call
    for application in applications:
        recipients = _members_of(application)
        if not recipients:
            continue
        notification_emit(
            kind=Kind.OUTCOME,
            recipients=recipients,
            event_key=f"decision:{decision.pk}:outcome:{application.pk}",
            context={
                "call_id": call.pk,
                "title": call.title,
                "buyer": call.body.name,
                "outcome": _localised(OUTCOME_LABELS.get(application.status, application.status)),
                "items": _debrief_items(application),
                "group_key": f"call:{call.pk}",
                "group_label": call.title,
            },
            url=reverse("awards:debrief", args=[application.pk]),
            organisation_ids=[application.supplier_id],  # its members and its webhooks, no other organisation's
        )


def decision_take(
    *,
    call: Call,
    actor: Actor,
    outcome: str,
    justification: str,
    awards: list[AwardLine] | None = None,
    budget_exception: str = "",
    declare: bool = False,
) -> Decision:
    """The approver decides the next undecided phase of ``call`` (the call itself when it has no phases).

    ``awarded``: the applications in ``awards`` win (amount and currency each); in a phase before the last they go
    on to the next phase (shortlisted), in the last they are awarded; every other candidate is unsuccessful.
    ``unsuccessful``: nobody wins and the call ends unsuccessful. The evaluation report is stored with its
    SHA-256, every applicant is told the outcome with their debrief, and the standstill starts.

    Refused (nothing stored) when the decider is conflicted or has not signed the decider's conflict-of-interest
    declaration (``declare`` signs it now; ``procurement.conflicts``), when the evaluation is not
    complete or the decider was its only evaluator, and when an amount breaks ``check_award_amounts``."""
    _require_decider(actor, call)
    if outcome not in Decision.Outcome.values:
        raise ApplicationError(_("Choose award or unsuccessful."), field="outcome")
    if not CallOpening.objects.filter(call_id=call.pk).exists():
        raise InvalidTransition(_("The applications have not been opened yet: decide after the opening."))
    if not (justification or "").strip():
        raise ApplicationError(_("Give the justification of the decision."), field="justification")
    now = timezone.now()
    with transaction.atomic():
        locked = Call.objects.select_for_update().select_related("body").get(pk=call.pk)
        if locked.status in (S.AWARDED, S.UNSUCCESSFUL):
            raise Conflict(_("A decision has already been taken on this call."))
        if locked.status not in (S.CLOSED, S.IN_EVALUATION):
            raise InvalidTransition(_("Only a call closed for submissions can be decided."))
        phase = selectors.next_phase(locked)
        if phase is None:
            raise Conflict(_("A decision has already been taken on this call."))
        _check_previous_phase(locked, phase, now)
        candidates = list(selectors.candidates(locked, phase))
        if not candidates:
            raise InvalidTransition(_("There are no applications left to decide on."))
        conflicts.require_not_conflicted(actor, locked)
        require_completed_evaluation(locked, actor)
        conflicts.require_declared(actor, locked, conflicts.Role.DECIDING, declare=declare)
        lines = _check_lines(locked, phase, awards or []) if outcome == Decision.Outcome.AWARDED else []
        if outcome == Decision.Outcome.UNSUCCESSFUL and awards:
            raise ApplicationError(_("An unsuccessful call awards nobody."), field="awards")
        exception = (budget_exception or "").strip()
        if not check_award_amounts(locked, phase, lines, exception):
            exception = ""
        if locked.status == S.CLOSED:
            call_transition(call=locked, to=S.IN_EVALUATION, actor=actor)
        days = standstill_days(locked.instrument)
        try:
            with transaction.atomic():
                decision = Decision.objects.create(
                    call=locked,
                    phase=phase.name,
                    outcome=outcome,
                    justification=justification.strip(),
                    decided_by=person(actor),
                    decided_at=now,
                    standstill_ends_at=now + datetime.timedelta(days=days),
                    applicant_ids=[a.pk for a in candidates],
                    budget_exception=exception,
                )
        except IntegrityError:
            raise Conflict(_("A decision has already been taken on this call.")) from None
        winners = {application.pk for application, _amount, _cur in lines}
        win_status = A.AWARDED if phase.last else A.SHORTLISTED
        for application, amount, currency in lines:
            Award.objects.create(decision=decision, application=application, amount=amount, currency=currency)
        for application in candidates:
            application.status = win_status if application.pk in winners else A.UNSUCCESSFUL
            application.decided_at = now
            application.save(update_fields=["status", "decided_at", "updated_at"])
        if outcome == Decision.Outcome.UNSUCCESSFUL:
            call_transition(call=locked, to=S.UNSUCCESSFUL, actor=actor, reason=justification.strip())
        elif phase.last:
            call_transition(call=locked, to=S.AWARDED, actor=actor)
        decision.call = locked
        rows = selectors.decision_ranking(locked, candidates)
        pdf = evaluation_report(decision, rows)
        decision.report_sha256 = hashlib.sha256(pdf).hexdigest()
        decision.report.save(f"call-{locked.pk}-decision-{decision.pk}.pdf", ContentFile(pdf), save=False)
        decision.save(update_fields=["report", "report_sha256"])
        audit_record(
            actor=actor,
            verb="decision.take",
            target=decision,
            organisation_id=locked.body_id,
            after={
                "call": locked.pk,
                "phase": phase.name,
                "outcome": outcome,
                "awards": [{"application": a.pk, "amount": str(m), "currency": c} for a, m, c in lines],
                "report_sha256": decision.report_sha256,
                "budget_exception": exception,
                "standstill_ends_at": str(decision.standstill_ends_at),
            },
        )
        _tell_applicants(decision, candidates)
    return decision


def decision_annul(*, decision: Decision, actor: Actor, reason: str) -> Decision:
    """Annul a decision after an upheld complaint: its applicants go back to where they were before it, its
    awards stop being public, and the call is back in evaluation. Called by ``complaint_answer``."""
    with transaction.atomic():
        locked = Decision.objects.select_for_update().select_related("call").get(pk=decision.pk)
        if locked.annulled_at is not None:
            return locked
        if locked.awards.filter(contract_signed_on__isnull=False).exists():
            raise InvalidTransition(_("The contract is already signed: the decision can no longer be annulled."))
        first_phase = selectors.phases_of(locked.call)[0].name
        back = A.SUBMITTED if locked.phase == first_phase else A.SHORTLISTED
        Application.objects.filter(pk__in=locked.applicant_ids).exclude(
            status__in=(A.WITHDRAWN, A.DISQUALIFIED)
        ).update(status=back, decided_at=None, updated_at=timezone.now())
        locked.annulled_at = timezone.now()
        locked.annulment_reason = reason
        locked.save(update_fields=["annulled_at", "annulment_reason"])
        if locked.call.status in (S.AWARDED, S.UNSUCCESSFUL):
            call_transition(call=locked.call, to=S.IN_EVALUATION, actor=actor, reason=reason)
        audit_record(
            actor=actor,
            verb="decision.annul",
            target=locked,
            organisation_id=locked.call.body_id,
            before={"in_force": True},
            after={"in_force": False, "applications_back_to": str(back)},  # the reason is on the decision
        )
        ocds_on_commit(ocds_award_cancelled, decision_id=locked.pk)  # open data: its awards are cancelled
    return locked


# --- complaints ------------------------------------------------------------------------


def _complaint_max_bytes() -> int:

    return max_bytes()


def complaint_file(
    *, application: Application, actor: Actor, grounds: str, documents: list[UploadedFile] | None = None
) -> Complaint:
    """An applicant complains against the decision it was part of, during its standstill period, with grounds
    and documents (checked by content). One complaint per applicant and decision."""
    if not selectors.supplier_application_ids(actor).filter(pk=application.pk).exists():
        raise NotAllowed(_("Only the applicant may complain about its application."))
    decision = (
        Decision.objects.in_force()
        .filter(call_id=application.call_id, applicant_ids__contains=[application.pk])
        .order_by("-decided_at")
        .first()
    )
    if decision is None:
        raise InvalidTransition(_("There is no decision on this application to complain about."))
    now = timezone.now()
    if not decision.standstill_running(now):
        ends = (
            timezone.localtime(decision.standstill_ends_at).strftime("%Y-%m-%d %H:%M")
            if decision.standstill_ends_at
            else "-"
        )
        raise InvalidTransition(
            _("The standstill period ended on %(date)s: complaints are no longer accepted.") % {"date": ends}
        )
    if not (grounds or "").strip():
        raise ApplicationError(_("State the grounds of your complaint."), field="grounds")
    documents = [d for d in (documents or []) if d]
    if len(documents) > MAX_COMPLAINT_FILES:
        raise ApplicationError(_("Attach at most %(n)s documents.") % {"n": MAX_COMPLAINT_FILES}, field="documents")
    checked = [
        check_upload(d, allowed=PROCUREMENT_TYPES, max_bytes=_complaint_max_bytes(), field="documents")
        for d in documents
    ]
    if Complaint.objects.filter(decision=decision, application=application).exists():
        raise Conflict(_("You have already filed a complaint against this decision."))
    try:
        with transaction.atomic():
            complaint = Complaint.objects.create(
                decision=decision,
                application=application,
                filed_by=person(actor),
                grounds=grounds.strip(),
                filed_at=now,
            )
            for upload, info in zip(documents, checked, strict=True):
                upload.seek(0)
                digest = hashlib.sha256()
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
                name = (upload.name or "document").replace("\\", "/").rsplit("/", 1)[-1][:200]
                doc = ComplaintDocument(
                    complaint=complaint,
                    name=name,
                    content_type=info.content_type,
                    size=info.size,
                    sha256=digest.hexdigest(),
                )
                doc.file.save(f"complaint-{complaint.pk}.{info.extension}", upload, save=False)
                doc.save()
            audit_record(
                actor=actor,
                verb="complaint.file",
                target=complaint,
                organisation_id=decision.call.body_id,
                after={
                    "decision": decision.pk,
                    "application": application.pk,
                    "documents": [d.sha256 for d in complaint.documents.all()],
                },
            )
            _tell_body_of_complaint(complaint)
    except IntegrityError:
        raise Conflict(_("You have already filed a complaint against this decision.")) from None
    return complaint


def _tell_body_of_complaint(complaint: Complaint) -> None:
    """Work that waits: the body's officers and approvers answer the complaint."""
    call = complaint.decision.call
    recipients = users_with_ids(
        list(
            Membership.objects.filter(
                organisation_id=call.body_id,
                status=Membership.Status.ACTIVE,
                role__in=[Membership.Role.OFFICER, Membership.Role.APPROVER],
            ).values_list("user_id", flat=True)
        )
    )
    notification_emit(
        kind=Kind.COMPLAINT_RECEIVED,
        recipients=recipients,
        event_key=f"complaint:{complaint.pk}:filed",
        context={
            "title": call.title,
            "buyer": call.body.name,
            "organisation": complaint.application.supplier.name,
            "group_key": f"call:{call.pk}",
            "group_label": call.title,
        },
        url=reverse("awards:complaint", args=[complaint.pk]),
    )


def complaint_answer(
    *, complaint: Complaint, actor: Actor, uphold: bool, response: str, declare: bool = False
) -> Complaint:
    """The body answers: upholding annuls the decision (evaluation re-opens); rejecting gives the reasons. Only
    someone not conflicted with the applicants, who signed the conflict-of-interest declaration for complaints
    (``declare`` signs it now; ``procurement.conflicts``)."""
    call = complaint.decision.call
    if not selectors.is_body_staff(actor, call.body_id):
        raise NotAllowed(_("Only officers and approvers of this public body may answer complaints."))
    conflicts.require_not_conflicted(actor, call)
    if not (response or "").strip():
        raise ApplicationError(_("Give the reasons of your answer."), field="response")
    conflicts.require_declared(actor, call, conflicts.Role.COMPLAINT, declare=declare)
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if locked.status != Complaint.Status.FILED:
            raise InvalidTransition(_("This complaint has already been answered."))
        locked.status = Complaint.Status.UPHELD if uphold else Complaint.Status.REJECTED
        locked.response = response.strip()
        locked.responded_by = person(actor)
        locked.responded_at = timezone.now()
        locked.save(update_fields=["status", "response", "responded_by", "responded_at"])
        audit_record(
            actor=actor,
            verb=f"complaint.{locked.status}",
            target=locked,
            organisation_id=call.body_id,
            before={"status": Complaint.Status.FILED},
            after={"status": locked.status},
        )
        if uphold:
            decision_annul(
                decision=locked.decision,
                actor=actor,
                reason=_("Complaint %(id)s upheld: %(response)s") % {"id": locked.pk, "response": locked.response},
            )
    complaint.refresh_from_db()
    return complaint


# --- the contract and its follow-up ----------------------------------------------------


def _require_body_staff(actor: Actor, award: Award) -> None:
    if not selectors.is_body_staff(actor, award.decision.call.body_id):
        raise NotAllowed(_("Only officers and approvers of this public body may do this."))


def award_sign_contract(*, award: Award, actor: Actor, signed_on: datetime.date | None = None) -> Award:
    """Record the contract's signature: only after the standstill and with no complaint pending."""
    _require_body_staff(actor, award)
    decision = award.decision
    now = timezone.now()
    today = timezone.localdate(now)
    signed_on = signed_on or today
    if decision.annulled_at is not None:
        raise InvalidTransition(_("This decision was annulled."))
    if decision.standstill_running(now):
        ends = timezone.localtime(decision.standstill_ends_at).strftime("%Y-%m-%d %H:%M")
        raise InvalidTransition(
            _("The standstill period runs until %(date)s: the contract can be signed after it.") % {"date": ends}
        )
    if decision.complaints.filter(status=Complaint.Status.FILED).exists():
        raise InvalidTransition(_("A complaint is pending: answer it before signing the contract."))
    if signed_on > today:
        raise ApplicationError(_("The signature date cannot be in the future."), field="signed_on")
    if decision.standstill_ends_at and signed_on < timezone.localdate(decision.standstill_ends_at):
        raise ApplicationError(_("The contract cannot be signed before the standstill period ends."), field="signed_on")
    with transaction.atomic():
        updated = Award.objects.filter(pk=award.pk, contract_signed_on__isnull=True).update(
            contract_signed_on=signed_on, contract_signed_at=now
        )
        if updated != 1:
            raise Conflict(_("The contract is already signed."))
        award.refresh_from_db()
        audit_record(
            actor=actor,
            verb="award.contract_signed",
            target=award,
            organisation_id=decision.call.body_id,
            after={"signed_on": signed_on.isoformat()},
        )

        ocds_on_commit(ocds_contract_signed, award_id=award.pk)
    return award


def award_mark_became_contract(*, award: Award, actor: Actor) -> Award:
    """A pilot or test contract led to a (follow-on) contract: the indicator "pilots that became contracts"."""
    _require_body_staff(actor, award)
    if award.decision.call.instrument not in PILOT_INSTRUMENTS:
        raise InvalidTransition(_("Only pilots and test contracts can become contracts."))
    if award.contract_signed_on is None:
        raise InvalidTransition(_("Record the signature of the pilot's contract first."))
    with transaction.atomic():
        if Award.objects.filter(pk=award.pk, became_contract=False).update(became_contract=True) != 1:
            raise Conflict(_("This pilot is already marked as having become a contract."))
        award.refresh_from_db()
        audit_record(
            actor=actor, verb="award.became_contract", target=award, organisation_id=award.decision.call.body_id
        )
    return award


MILESTONE_MOVES: dict[str, frozenset[str]] = {
    Milestone.Status.PLANNED: frozenset({Milestone.Status.DONE, Milestone.Status.LATE, Milestone.Status.CANCELLED}),
    Milestone.Status.LATE: frozenset({Milestone.Status.DONE, Milestone.Status.CANCELLED}),
    Milestone.Status.DONE: frozenset(),
    Milestone.Status.CANCELLED: frozenset(),
}


def milestone_add(*, award: Award, actor: Actor, name: str, due_date: datetime.date) -> Milestone:
    _require_body_staff(actor, award)
    if award.contract_signed_on is None:
        raise InvalidTransition(_("Record the signature of the contract before planning its milestones."))
    if not (name or "").strip():
        raise ApplicationError(_("Name the milestone."), field="name")
    if not isinstance(due_date, datetime.date):
        raise ApplicationError(_("Give the due date."), field="due_date")
    with transaction.atomic():
        milestone = Milestone.objects.create(award=award, name=name.strip()[:200], due_date=due_date)
        audit_record(
            actor=actor,
            verb="milestone.add",
            target=milestone,
            organisation_id=award.decision.call.body_id,
            after={"award": award.pk, "milestone": milestone.pk, "due_date": due_date.isoformat()},
        )
    return milestone


def milestone_set_status(*, milestone: Milestone, actor: Actor, status: str) -> Milestone:
    _require_body_staff(actor, milestone.award)
    if status not in Milestone.Status.values:
        raise ApplicationError(_("Choose a status from the list."), field="status")
    with transaction.atomic():
        locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if status not in MILESTONE_MOVES[locked.status]:
            raise InvalidTransition(
                _("A milestone cannot go from “%(a)s” to “%(b)s”.")
                % {"a": locked.get_status_display(), "b": Milestone.Status(status).label}
            )
        before = locked.status
        locked.status = status
        locked.completed_at = timezone.now() if status == Milestone.Status.DONE else None
        locked.save(update_fields=["status", "completed_at"])
        audit_record(
            actor=actor,
            verb="milestone.status",
            target=locked,
            organisation_id=milestone.award.decision.call.body_id,
            before={"status": before},
            after={"status": status},
        )
        if status in {Milestone.Status.DONE, Milestone.Status.LATE, Milestone.Status.CANCELLED}:
            ocds_on_commit(ocds_milestone_met, milestone_id=locked.pk)
    return locked
