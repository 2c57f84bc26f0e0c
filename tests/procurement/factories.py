"""Test data of procurement: public bodies, calls, applications, panels, decisions and awards.

Direct ORM writes, for arranging a test only; the behaviour under test always goes through the services."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from govtech.accounts.models import Organisation
from procurement.applications.models import Application, CallOpening, OutcomeDeclaration
from procurement.awards.models import Award, Decision
from procurement.bodies.models import PublicBody
from procurement.calls.models import Call
from procurement.evaluation.models import Declaration, Panel, PanelMember, Score
from tests.accounts.factories import MembershipFactory, SupplierOrganisationFactory, UserFactory


def verified_body(org: Organisation) -> PublicBody:
    body, _ = PublicBody.objects.get_or_create(
        organisation=org,
        defaults={
            "kind": PublicBody.BodyKind.MUNICIPALITY,
            "country": "CO",
            "level": PublicBody.Level.LOCAL,
            "verification_status": PublicBody.Verification.VERIFIED,
        },
    )
    return body


def call_data(**overrides: Any) -> dict[str, Any]:
    now = timezone.now()
    data: dict[str, Any] = {
        "title": "Semáforos inteligentes",
        "summary": "Reducir la congestión en el centro",
        "instrument": Call.Instrument.PCP,
        "phases": [
            {"name": "design", "budget": "100000", "suppliers": 4},
            {"name": "prototype", "budget": "200000", "suppliers": 2},
            {"name": "field test", "budget": "300000", "suppliers": 1},
        ],
        "budget": Decimal("600000"),
        "currency": "COP",
        "criteria": [{"name": "innovation", "weight": 60}, {"name": "price", "weight": 40}],
        "questions_deadline": now + datetime.timedelta(days=10),
        "submission_deadline": now + datetime.timedelta(days=20),
        "expected_decision": now + datetime.timedelta(days=40),
    }
    return data | overrides


def make_call(org: Organisation, status: str = Call.Status.DRAFT, **overrides: Any) -> Call:
    return Call.objects.create(body=org, status=status, **call_data(**overrides))


def make_indexed_call(org: Organisation, status: str = Call.Status.PUBLISHED, **overrides: Any) -> Call:
    """A call with its stored search vector, as the services leave it."""
    from procurement.search import call_reindex

    call = make_call(org, status=status, **overrides)
    call_reindex([call.pk])
    call.refresh_from_db()
    return call


def make_challenge(org: Organisation, status: str = "published", **overrides: Any) -> Any:
    from procurement.challenges.models import Challenge
    from procurement.search import challenge_reindex

    data: dict[str, Any] = {
        "title": "Congestión en el centro",
        "problem": "Los buses tardan demasiado",
        "status": status,
    }
    challenge = Challenge.objects.create(body=org, **(data | overrides))
    challenge_reindex([challenge.pk])
    return challenge


def published_call(body: Organisation, **overrides: Any) -> Call:
    verified_body(body)
    return make_call(body, status=Call.Status.PUBLISHED, published_at=timezone.now(), **overrides)


def make_application(
    call: Call, supplier: Organisation, *, by: Any, status: str = Application.Status.SUBMITTED, **content: Any
) -> Application:
    data: dict[str, Any] = {
        "title": f"Propuesta de {supplier.name}",
        "solution": "Sensores y un modelo de predicción del tráfico",
        "criteria_responses": {c["name"]: f"Respuesta sobre {c['name']}" for c in call.criteria},
        "team": "Tres ingenieras",
        "plan": "Seis meses",
        "price": Decimal("90000"),
        "currency": call.currency,
    }
    data |= content
    submitted = status != Application.Status.DRAFT
    return Application.objects.create(
        call=call,
        supplier=supplier,
        created_by=by,
        status=status,
        submission_number=1 if submitted else 0,
        submitted_at=timezone.now() if submitted else None,
        **data,
    )


def pass_deadline(call: Call) -> Call:
    """Move the call's dates into the past and close it, as the beat task would."""
    now = timezone.now()
    Call.objects.filter(pk=call.pk).update(
        questions_deadline=now - datetime.timedelta(days=2),
        submission_deadline=now - datetime.timedelta(seconds=1),
        status=Call.Status.CLOSED,
        closed_at=now,
    )
    call.refresh_from_db()
    return call


def open_applications(call: Call, by: Any) -> CallOpening:
    opening, _ = CallOpening.objects.get_or_create(
        call=call,
        defaults={
            "opened_by": by,
            "opened_at": timezone.now(),
            "submitted_count": Application.objects.count_submitted(call),
        },
    )
    return opening


def sign_declaration(call: Call, user: Any, role: str) -> OutcomeDeclaration:
    """A signed conflict-of-interest declaration of ``user`` for ``role`` (opening, deciding, complaint) on ``call``,
    as ``procurement.conflicts.outcome_declaration_sign`` writes it (without its checks: a test's shortcut)."""
    declaration, _ = OutcomeDeclaration.objects.get_or_create(
        call=call, user=user, role=role, defaults={"statement": "Declaro no tener conflicto de interés."}
    )
    return declaration


def make_panel(call: Call, *evaluators: Any, named_by: Any, **settings: Any) -> Panel:
    panel, _ = Panel.objects.get_or_create(call=call, defaults=settings)
    for user in evaluators:
        PanelMember.objects.get_or_create(panel=panel, user=user, defaults={"named_by": named_by})
    return panel


def scored_call(
    body: Organisation,
    approver: Any,
    evaluator: Any,
    suppliers: list[tuple[Organisation, Any]],
    scores: list[tuple[int, int]],
    **call: Any,
) -> tuple[Call, list[Application]]:
    """A closed, opened call with one application per supplier, a panel of ``evaluator`` with no-conflict
    declarations, and scores (innovation, price) per application. Defaults to a call without phases."""
    call_obj = published_call(body, **({"phases": [], "instrument": Call.Instrument.PILOT} | call))
    applications = [make_application(call_obj, org, by=user) for org, user in suppliers]
    pass_deadline(call_obj)
    open_applications(call_obj, approver)
    panel = make_panel(call_obj, evaluator, named_by=approver)
    member = PanelMember.objects.get(panel=panel, user=evaluator)
    for application, (innovation, price) in zip(applications, scores, strict=True):
        Declaration.objects.create(
            member=member,
            application=application,
            conflict=False,
            statement="Sin relación con el proponente",
            signed_at=timezone.now(),
        )
        Score.objects.create(
            member=member,
            application=application,
            criterion="innovation",
            score=Decimal(innovation),
            justification=f"Innovación {innovation}: buena idea",
        )
        Score.objects.create(
            member=member,
            application=application,
            criterion="price",
            score=Decimal(price),
            justification=f"Precio {price}: razonable",
        )
    PanelMember.objects.filter(pk=member.pk).update(submitted_at=timezone.now())  # the evaluation is complete
    for role in (OutcomeDeclaration.Role.DECIDING, OutcomeDeclaration.Role.COMPLAINT):
        sign_declaration(call_obj, approver, role)  # the approver's conflict-of-interest declarations (issue 21)
    call_obj.refresh_from_db()
    return call_obj, applications


def second_supplier() -> tuple[Organisation, Any]:
    org = SupplierOrganisationFactory(name="Movilidad Viva SAS", country="CO")
    user = MembershipFactory(user=UserFactory(email="owner@movilidadviva.co"), organisation=org, role="owner").user
    return org, user


def end_standstill(decision: Decision) -> Decision:
    Decision.objects.filter(pk=decision.pk).update(standstill_ends_at=timezone.now() - datetime.timedelta(seconds=1))
    decision.refresh_from_db()
    return decision


def record_decision(
    call: Call,
    *,
    decided_at: datetime.datetime,
    by: Any = None,
    outcome: str = Decision.Outcome.AWARDED,
    annulled: bool = False,
) -> Decision:
    """The call's decision taken at ``decided_at``, as the services leave it: the call's status and date follow the
    outcome and, when it is awarded, one submitted application of a new supplier holds an award in force (unless
    ``annulled``)."""
    if by is None:
        by = MembershipFactory(organisation=call.body, role="approver").user
    decision = Decision.objects.create(
        call=call,
        outcome=outcome,
        justification="Mejor puntaje" if outcome == Decision.Outcome.AWARDED else "Ninguna propuesta cumple",
        decided_by=by,
        decided_at=decided_at,
        annulled_at=decided_at + datetime.timedelta(days=1) if annulled else None,
        annulment_reason="Reclamación estimada" if annulled else "",
    )
    if outcome == Decision.Outcome.AWARDED:
        supplier = SupplierOrganisationFactory(country=call.body.country or "CO")
        owner = MembershipFactory(user=UserFactory(), organisation=supplier, role="owner").user
        application = make_application(call, supplier, by=owner)
        Award.objects.create(
            decision=decision, application=application, amount=application.price, currency=call.currency
        )
    status = Call.Status.AWARDED if outcome == Decision.Outcome.AWARDED else Call.Status.UNSUCCESSFUL
    Call.objects.filter(pk=call.pk).update(status=status, decided_at=decided_at)
    call.refresh_from_db()
    return decision
