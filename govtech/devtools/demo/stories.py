"""Demo calls that have lived: applications, the opening, a panel, scores, a decision, a complaint, a contract.

Each story is a call of the Medellín demo body taken through the services by the people who would act:
suppliers apply while the call is open, the sweeper closes it at its deadline, an approver opens the
applications, evaluators declare and score, an approver decides, a losing supplier complains, an officer
answers, signs the contract and plans its milestones. One demo-only shortcut, as in ``demo.procurement``:
dates are moved into the past where the story needs time to have passed (the deadline, the standstill).

The stories leave every demo persona something to do (docs/personas.md): the approver has applications to
open, the evaluator has an assignment with declarations and scores to give, the officer a complaint-free
contract with milestones to follow.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import IO, Any

from django.utils import timezone

from govtech.accounts.models import Membership, Organisation, User
from govtech.devtools.demo.accounts import PUBLIC_BODY, demo_user
from procurement.applications.models import Application
from procurement.applications.services import (
    application_create,
    application_submit,
    application_update,
    applications_open,
)
from procurement.awards.models import Decision
from procurement.awards.services import (
    AwardLine,
    award_sign_contract,
    complaint_answer,
    complaint_file,
    decision_take,
    milestone_add,
)
from procurement.calls.models import Call, Question
from procurement.calls.services import (
    call_approve,
    call_cancel,
    call_create,
    call_start_evaluation,
    call_submit_for_approval,
    calls_close_due,
    question_ask,
)
from procurement.evaluation.models import PanelMember
from procurement.evaluation.services import (
    declaration_sign,
    evaluation_submit,
    panel_configure,
    panel_member_add,
    score_record,
)

DAY = datetime.timedelta(days=1)
CRITERIA = [{"name": "impact", "weight": 50}, {"name": "team", "weight": 20}, {"name": "price", "weight": 30}]

# The applicants: a demo supplier each, with an owner the stories sign in as.
APPLICANTS = [
    ("Ciudad Datos SAS", "startup@demo.govtech.example", "Sofía Startup"),
    ("Pampa Identidad SA", "duena.pampa@demo.govtech.example", "Paz Pampa"),
    ("Soluciones Abiertas de León SA de CV", "dueno.leon@demo.govtech.example", "León Abierto"),
]
SECOND_EVALUATOR = ("evaluadora.dos@demo.govtech.example", "Elena Evaluadora")

STORIES: list[dict[str, Any]] = [
    {
        "state": "closed",
        "title": "Gestión de residuos sólidos con sensores de llenado",
        "summary": "Piloto de sensores en contenedores y rutas de recolección optimizadas para dos comunas.",
        "sectors": ["urban-services"],
        "technologies": ["iot"],
        "cpv_codes": ["90511000"],
        "prices": ["180000000", "210000000"],
    },
    {
        "state": "in_evaluation",
        "title": "Tablero de seguridad vial con datos abiertos",
        "summary": "Un tablero público que cruza siniestros, aforos y obras para priorizar intervenciones viales.",
        "sectors": ["mobility"],
        "technologies": ["data-analytics"],
        "cpv_codes": ["72316000"],
        "prices": ["95000000", "120000000", "88000000"],
    },
    {
        "state": "awarded",
        "title": "Piloto de atención ciudadana por WhatsApp",
        "summary": "Un asistente conversacional para trámites frecuentes, con traspaso a una persona cuando hace falta.",
        "sectors": ["public-management"],
        "technologies": ["chatbots", "ai"],
        "cpv_codes": ["72212000"],
        "prices": ["140000000", "165000000"],
    },
    {
        "state": "cancelled",
        "title": "Plataforma de reservas de espacios deportivos",
        "summary": "Reserva en línea de canchas y coliseos municipales con pago electrónico.",
        "sectors": ["urban-services"],
        "technologies": ["digital-payments"],
        "cpv_codes": ["72212000"],
        "prices": [],
        "reason": "El concejo aprobó una solución nacional gratuita que cubre la misma necesidad.",
    },
]

CONTENT = {
    "solution": "Una solución probada en dos ciudades de la región, adaptada a los datos y sistemas de la alcaldía.",
    "team": "Una directora de proyecto, dos ingenieros de datos y una diseñadora de servicios.",
    "plan": "Descubrimiento (1 mes), piloto en dos comunas (3 meses), evaluación con la ciudadanía (1 mes).",
}
ANSWERS = {
    "impact": "Reduce en un tercio el tiempo de respuesta medido en el piloto anterior.",
    "team": "El equipo ya trabajó con dos entidades públicas de Colombia.",
    "price": "Precio cerrado con licencias incluidas durante el piloto.",
}
# (impact, team, price) per applicant, per evaluator: the first applicant wins.
SCORES = [[(9, 8, 7), (6, 7, 8), (5, 6, 9)], [(8, 8, 8), (7, 6, 7), (6, 5, 8)]]


def _people(body: Organisation) -> dict[str, User]:
    def member(role: str) -> User:
        membership = (
            Membership.objects.filter(organisation=body, role=role, status=Membership.Status.ACTIVE)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        assert membership is not None, f"{body} has no {role}"
        return membership.user

    second = demo_user(*SECOND_EVALUATOR, language="es")
    Membership.objects.get_or_create(user=second, organisation=body, role=Membership.Role.EVALUATOR)
    return {
        "officer": member(Membership.Role.OFFICER),
        "approver": member(Membership.Role.APPROVER),
        "evaluator": member(Membership.Role.EVALUATOR),
        "second_evaluator": second,
    }


def _applicants() -> list[tuple[Organisation, User]]:
    found = []
    for name, email, person_name in APPLICANTS:
        org = Organisation.objects.filter(name=name, kind=Organisation.Kind.SUPPLIER).first()
        if org is None:
            continue
        user = demo_user(email, person_name, language="es")
        if not Membership.objects.filter(user=user, organisation=org).exists():
            Membership.objects.create(user=user, organisation=org, role=Membership.Role.OWNER)
        found.append((org, user))
    return found


def _published(spec: dict[str, Any], body: Organisation, people: dict[str, User]) -> Call:
    now = timezone.now()
    call = call_create(
        body=body,
        actor=people["officer"],
        title=spec["title"],
        summary=spec["summary"],
        language="es",
        instrument=Call.Instrument.PILOT,
        budget=Decimal("250000000"),
        currency="COP",
        sectors=spec["sectors"],
        technologies=spec["technologies"],
        cpv_codes=spec["cpv_codes"],
        criteria=CRITERIA,
        timezone=body.public_body.timezone,
        questions_deadline=now + 8 * DAY,
        submission_deadline=now + 10 * DAY,
        expected_decision=now + 40 * DAY,
    )
    call = call_submit_for_approval(call=call, actor=people["officer"])
    return call_approve(call=call, actor=people["approver"])


def _apply(call: Call, applicants: list[tuple[Organisation, User]], prices: list[str]) -> list[Application]:
    applications = []
    for (org, user), price in zip(applicants, prices, strict=False):
        application = application_create(call=call, actor=user, supplier=org)
        application_update(
            application=application,
            actor=user,
            title=f"{org.name}: {call.title.lower()}",
            criteria_responses=ANSWERS,
            price=price,
            currency=call.currency,
            **CONTENT,
        )
        application_submit(application=application, actor=user)
        applications.append(Application.objects.get(pk=application.pk))
    return applications


def _pass_deadline(call: Call) -> Call:
    """The demo-only shortcut: the deadline passed yesterday; then the sweeper closes the call, as in production."""
    deadline = timezone.now() - DAY
    Call.objects.filter(pk=call.pk).update(
        questions_deadline=deadline - 2 * DAY,
        submission_deadline=deadline,
        expected_decision=deadline + 30 * DAY,
        publication_date=deadline - 30 * DAY,
        published_at=deadline - 30 * DAY,
    )
    calls_close_due()
    return Call.objects.get(pk=call.pk)


def _evaluate(call: Call, people: dict[str, User], applications: list[Application], *, complete: bool) -> None:
    applications_open(call=call, actor=people["approver"], declare=True)
    call_start_evaluation(call=call, actor=people["officer"])
    panel_configure(
        call=call, actor=people["approver"], scale_max=10, disagreement_threshold="3", blind_first_round=True
    )
    evaluators = [people["second_evaluator"], people["evaluator"]]
    for user in evaluators:
        panel_member_add(call=call, user=user, actor=people["approver"])
    for index, user in enumerate(evaluators if complete else evaluators[:1]):
        member = PanelMember.objects.get(panel__call=call, user=user)
        scored = applications if complete else applications[:2]
        for application, scores in zip(scored, SCORES[index], strict=False):
            declaration_sign(member=member, application=application, actor=user, conflict=False)
            for criterion, score in zip(("impact", "team", "price"), scores, strict=True):
                score_record(
                    member=member,
                    application=application,
                    criterion=criterion,
                    score=score,
                    justification=f"{ANSWERS[criterion]} Valoración {score}/10.",
                    actor=user,
                )
        if complete:
            evaluation_submit(member=member, actor=user)


def _decide(call: Call, people: dict[str, User], applications: list[Application]) -> None:
    winner = applications[0]
    decision = decision_take(
        call=call,
        actor=people["approver"],
        outcome=Decision.Outcome.AWARDED,
        justification="La propuesta con mejor puntaje ponderado del panel, dentro del presupuesto.",
        awards=[AwardLine(application_id=winner.pk, amount=winner.price, currency=winner.currency)],
        declare=True,
    )
    loser = applications[1]
    loser_owner = Membership.objects.filter(organisation_id=loser.supplier_id, role=Membership.Role.OWNER).first()
    if loser_owner is not None:
        complaint = complaint_file(
            application=loser,
            actor=loser_owner.user,
            grounds="El puntaje de precio no refleja que nuestra oferta incluye soporte durante un año.",
        )
        complaint_answer(
            complaint=complaint,
            actor=people["officer"],
            uphold=False,
            response="El soporte posterior no era parte del objeto del piloto; el puntaje se mantiene.",
            declare=True,
        )
    # The demo-only shortcut: the standstill has ended.
    Decision.objects.filter(pk=decision.pk).update(standstill_ends_at=timezone.now() - DAY)
    award = Decision.objects.get(pk=decision.pk).awards.get()
    award = award_sign_contract(award=award, actor=people["officer"])
    today = timezone.localdate()
    milestone_add(award=award, actor=people["officer"], name="Piloto en dos comunas", due_date=today + 90 * DAY)
    milestone_add(award=award, actor=people["officer"], name="Informe de evaluación", due_date=today + 120 * DAY)


def _waiting_work(body: Organisation, applicants: list[tuple[Organisation, User]]) -> None:
    """A question the officer has still to answer, and a draft the startup has still to finish."""
    open_call = Call.objects.filter(body=body, status=Call.Status.PUBLISHED).order_by("submission_deadline").last()
    (startup_org, startup), (_org, other) = applicants[0], applicants[1]
    if open_call is not None and not Question.objects.filter(call=open_call, asked_by=other).exists():
        question_ask(
            call=open_call,
            actor=other,
            text="¿Se puede proponer un piloto en una sola comuna si el presupuesto no alcanza para dos?",
        )
    draft_call = Call.objects.filter(status=Call.Status.PUBLISHED, phases=[]).order_by("submission_deadline").last()
    if draft_call is not None and not Application.objects.filter(call=draft_call, supplier=startup_org).exists():
        draft = application_create(call=draft_call, actor=startup, supplier=startup_org)
        application_update(application=draft, actor=startup, title="Borrador: asistente virtual para trámites")


def load(stdout: IO[str]) -> None:
    body = Organisation.objects.filter(name=PUBLIC_BODY[0], kind=Organisation.Kind.PUBLIC_BODY).first()
    applicants = _applicants()
    if body is None or len(applicants) < 2:
        stdout.write("stories: no demo body or suppliers, skipped")
        return
    people = _people(body)
    told = 0
    for spec in STORIES:
        if Call.objects.filter(body=body, title=spec["title"]).exists():
            continue
        call = _published(spec, body, people)
        if spec["state"] == "cancelled":
            call_cancel(call=call, actor=people["officer"], reason=spec["reason"])
            told += 1
            continue
        applications = _apply(call, applicants, spec["prices"])
        call = _pass_deadline(call)
        if spec["state"] in {"in_evaluation", "awarded"}:
            _evaluate(call, people, applications, complete=spec["state"] == "awarded")
        if spec["state"] == "awarded":
            _decide(Call.objects.get(pk=call.pk), people, applications)
        told += 1
    _waiting_work(body, applicants)
    stdout.write(f"stories: {told} calls taken through their lives")
