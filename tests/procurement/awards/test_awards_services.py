"""Decision, report, debrief, standstill, complaints and contract follow-up, through the services."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from govtech.audit.models import AuditEvent
from govtech.core.errors import ApplicationError, Conflict, InvalidTransition, NotAllowed
from govtech.notifications.kinds import Kind
from govtech.notifications.models import Notification
from procurement.applications.models import Application
from procurement.awards import services
from procurement.awards.models import Award, Complaint, Decision, Milestone
from procurement.awards.services import AwardLine
from procurement.calls.models import Call
from tests.pdf_text import pdf_text
from tests.procurement.factories import (
    end_standstill,
    make_application,
    pass_deadline,
    published_call,
    scored_call,
    second_supplier,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
A = Application.Status


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages are asserted in English: URLs reversed under /en/, services speaking English."""
    with translation.override("en"):
        yield


@pytest.fixture
def scored(public_body: Any, approver: Any, evaluator: Any, supplier_org: Any, supplier_owner: Any) -> Any:
    other, other_user = second_supplier()
    call, apps = scored_call(
        public_body, approver, evaluator, [(supplier_org, supplier_owner), (other, other_user)], [(8, 6), (5, 9)]
    )
    return call, apps[0], apps[1]


def _award(call: Call, approver: Any, application: Application, amount: str = "85000") -> Decision:
    return services.decision_take(
        call=call,
        actor=approver,
        outcome="awarded",
        justification="La mejor puntuación ponderada",
        awards=[AwardLine(application.pk, amount, "COP")],
    )


def test_the_journey_from_decision_to_milestones(
    scored: Any, approver: Any, officer: Any, supplier_owner: Any, settings: Any
) -> None:
    call, winner, loser = scored
    decision = _award(call, approver, winner)
    call.refresh_from_db()
    winner.refresh_from_db()
    loser.refresh_from_db()
    assert call.status == Call.Status.AWARDED
    assert (winner.status, loser.status) == (A.AWARDED, A.UNSUCCESSFUL)
    # the report is kept with its digest and says what it must
    pdf = decision.report.read()
    assert pdf.startswith(b"%PDF-")
    assert hashlib.sha256(pdf).hexdigest() == decision.report_sha256
    text = pdf_text(pdf)
    for expected in (
        "innovation\n60",
        "Datos Abiertos SAS",
        "Sin relación",
        "La mejor puntuación ponderada",
        "evaluator@movilidad.gov.co",
    ):
        assert expected in text
    # standstill from the notification, debrief to every applicant
    assert decision.standstill_ends_at == decision.decided_at + datetime.timedelta(days=10)
    outcome = Notification.objects.get(kind=Kind.OUTCOME, recipient=supplier_owner, channel="inbox")
    assert outcome.url.endswith(f"/awards/applications/{winner.pk}/")
    assert any("innovation (60 %): 8.00/10" in item["title"] for item in outcome.context["items"])
    assert any("Innovación 8: buena idea" in item["title"] for item in outcome.context["items"])
    assert AuditEvent.objects.filter(verb="decision.take").count() == 1
    # a complaint during the standstill, rejected
    complaint = services.complaint_file(
        application=winner,
        actor=supplier_owner,
        grounds="El monto es bajo",
        documents=[SimpleUploadedFile("prueba.pdf", PDF)],
    )
    assert complaint.documents.get().sha256 == hashlib.sha256(PDF).hexdigest()
    award = Award.objects.get(decision=decision)
    end_standstill(decision)
    award.refresh_from_db()
    with pytest.raises(InvalidTransition, match="complaint is pending"):
        services.award_sign_contract(award=award, actor=officer)
    services.complaint_answer(
        complaint=complaint, actor=officer, uphold=False, response="El monto es el ofertado", declare=True
    )
    assert Complaint.objects.get().status == Complaint.Status.REJECTED
    award = services.award_sign_contract(award=award, actor=officer)
    assert award.contract_signed_on == timezone.localdate()
    milestone = services.milestone_add(
        award=award,
        actor=officer,
        name="Piloto en 3 cruces",
        due_date=datetime.date.today() + datetime.timedelta(days=60),
    )
    services.milestone_set_status(milestone=milestone, actor=officer, status="done")
    assert Milestone.objects.get().completed_at is not None
    services.award_mark_became_contract(award=award, actor=officer)
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {
        "decision.take",
        "complaint.file",
        "complaint.rejected",
        "award.contract_signed",
        "milestone.add",
        "milestone.status",
        "award.became_contract",
    } <= verbs


def test_an_upheld_complaint_annuls_the_decision_and_reopens_evaluation(
    scored: Any, approver: Any, officer: Any, outsider: Any, supplier_owner: Any
) -> None:
    call, winner, loser = scored
    decision = _award(call, approver, winner)
    loser_user = loser.supplier.memberships.get().user
    complaint = services.complaint_file(application=loser, actor=loser_user, grounds="Mi precio era mejor")
    services.complaint_answer(
        complaint=complaint, actor=officer, uphold=True, response="Se revisará el precio", declare=True
    )
    decision.refresh_from_db()
    call.refresh_from_db()
    assert decision.annulled_at is not None
    assert call.status == Call.Status.IN_EVALUATION
    assert set(Application.objects.values_list("status", flat=True)) == {A.SUBMITTED}
    assert not Award.objects.public().exists()
    # a new decision can be taken
    second = _award(call, approver, loser, "80000")
    assert second.pk != decision.pk
    assert Award.objects.public().get().application == loser


def test_it_refuses_bad_decisions(
    scored: Any, approver: Any, officer: Any, admin: Any, public_body: Any, supplier_org: Any, supplier_owner: Any
) -> None:
    call, winner, loser = scored
    with pytest.raises(NotAllowed):
        _award(call, officer, winner)
    with pytest.raises(NotAllowed):
        _award(call, admin, winner)
    with pytest.raises(ApplicationError, match="greater than zero") as exc:
        _award(call, approver, winner, "-5")
    assert exc.value.field == "amount"
    with pytest.raises(ApplicationError, match="justification"):
        services.decision_take(
            call=call, actor=approver, outcome="awarded", justification=" ", awards=[AwardLine(winner.pk, "1", "COP")]
        )
    other_call = published_call(public_body, title="Otra")
    stranger = make_application(other_call, supplier_org, by=supplier_owner)
    with pytest.raises(ApplicationError, match="not an application to this call"):
        _award(call, approver, stranger)
    Application.objects.filter(pk=loser.pk).update(status=A.WITHDRAWN)
    with pytest.raises(ApplicationError, match="withdrawn"):
        _award(call, approver, loser)
    assert not Decision.objects.exists()
    assert not AuditEvent.objects.filter(verb="decision.take").exists()
    _award(call, approver, winner)
    with pytest.raises(Conflict):
        _award(call, approver, winner)


def test_it_refuses_to_decide_before_the_opening(
    public_body: Any, approver: Any, supplier_org: Any, supplier_owner: Any
) -> None:
    call = published_call(public_body, phases=[])
    application = make_application(call, supplier_org, by=supplier_owner)
    pass_deadline(call)
    with pytest.raises(InvalidTransition, match="opened"):
        _award(call, approver, application)


def test_unsuccessful_call(scored: Any, approver: Any) -> None:
    call, _winner, _loser = scored
    services.decision_take(call=call, actor=approver, outcome="unsuccessful", justification="Ninguna cumple")
    call.refresh_from_db()
    assert call.status == Call.Status.UNSUCCESSFUL
    assert set(Application.objects.values_list("status", flat=True)) == {A.UNSUCCESSFUL}


def test_phased_call_down_selects_then_awards(
    public_body: Any, approver: Any, evaluator: Any, supplier_org: Any, supplier_owner: Any
) -> None:
    other, other_user = second_supplier()
    phases = [
        {"name": "diseño", "budget": "100000", "suppliers": 2},
        {"name": "prototipo", "budget": "200000", "suppliers": 1},
    ]
    call, (first, second) = scored_call(
        public_body,
        approver,
        evaluator,
        [(supplier_org, supplier_owner), (other, other_user)],
        [(8, 6), (5, 9)],
        phases=phases,
        instrument=Call.Instrument.PCP,
    )
    one = services.decision_take(
        call=call,
        actor=approver,
        outcome="awarded",
        justification="Dos siguen",
        awards=[AwardLine(first.pk, "100", "COP"), AwardLine(second.pk, "100", "COP")],
    )
    assert one.phase == "diseño"
    call.refresh_from_db()
    assert call.status == Call.Status.IN_EVALUATION
    assert set(Application.objects.values_list("status", flat=True)) == {A.SHORTLISTED}
    with pytest.raises(InvalidTransition, match="standstill"):
        services.decision_take(
            call=call,
            actor=approver,
            outcome="awarded",
            justification="Uno gana",
            awards=[AwardLine(first.pk, "200", "COP")],
        )
    end_standstill(one)
    two = services.decision_take(
        call=call,
        actor=approver,
        outcome="awarded",
        justification="Uno gana",
        awards=[AwardLine(first.pk, "200", "COP")],
    )
    assert two.phase == "prototipo"
    first.refresh_from_db()
    second.refresh_from_db()
    call.refresh_from_db()
    assert (first.status, second.status, call.status) == (A.AWARDED, A.UNSUCCESSFUL, Call.Status.AWARDED)


def test_complaints_are_refused_after_the_standstill_and_disguised_files(
    scored: Any, approver: Any, supplier_owner: Any, outsider: Any
) -> None:
    call, winner, _loser = scored
    decision = _award(call, approver, winner)
    disguised = SimpleUploadedFile("informe.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    with pytest.raises(ApplicationError, match="type of file") as exc:
        services.complaint_file(application=winner, actor=supplier_owner, grounds="x", documents=[disguised])
    assert exc.value.field == "documents"
    assert not Complaint.objects.exists()
    with pytest.raises(NotAllowed):
        services.complaint_file(application=winner, actor=outsider, grounds="x")
    end_standstill(decision)
    with pytest.raises(InvalidTransition, match="standstill period ended"):
        services.complaint_file(application=winner, actor=supplier_owner, grounds="Tarde")


def test_the_contract_waits_for_the_standstill(scored: Any, approver: Any, officer: Any) -> None:
    call, winner, _loser = scored
    decision = _award(call, approver, winner)
    award = decision.awards.get()
    with pytest.raises(InvalidTransition, match="standstill period runs until"):
        services.award_sign_contract(award=award, actor=officer)
    with pytest.raises(InvalidTransition):
        services.milestone_add(award=award, actor=officer, name="x", due_date=datetime.date.today())
    end_standstill(decision)
    award.refresh_from_db()
    with pytest.raises(ApplicationError, match="future"):
        services.award_sign_contract(
            award=award, actor=officer, signed_on=datetime.date.today() + datetime.timedelta(days=3)
        )
    services.award_sign_contract(award=award, actor=officer)
    with pytest.raises(Conflict):
        services.award_sign_contract(award=award, actor=officer)
    assert award.amount == Decimal("85000.00")
