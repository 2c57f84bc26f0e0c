"""Demo public bodies, challenges, calls and Q&A in es/pt/en. Safe to run again (nothing is duplicated).

Everything goes through the services (officers draft, approvers approve, suppliers ask, officers
answer), except one demo-only shortcut: calls meant to look closed are published with
a future deadline and then have their dates moved into the past, because time cannot be travelled
here. The transitions after that (close, evaluate, declare unsuccessful) are the real ones.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import IO, Any

from django.utils import timezone

from govtech.accounts.models import Membership, Organisation, User
from govtech.devtools.demo.accounts import PUBLIC_BODY, demo_organisation, demo_user
from procurement.bodies.models import PublicBody
from procurement.bodies.services import public_body_verify
from procurement.calls.models import Call, Question
from procurement.calls.services import (
    call_approve,
    call_close,
    call_create,
    call_declare_unsuccessful,
    call_start_evaluation,
    call_submit_for_approval,
    question_answer,
    question_ask,
)
from procurement.challenges.models import Challenge
from procurement.challenges.services import challenge_create, challenge_transition

DAY = datetime.timedelta(days=1)

# name, country, kind, level, subdivision, timezone, domain, (officer e-mail, name), (approver e-mail, name)
BODIES: list[dict[str, Any]] = [
    {
        "name": PUBLIC_BODY[0],
        "country": "CO",
        "kind": PublicBody.BodyKind.MUNICIPALITY,
        "level": PublicBody.Level.LOCAL,
        "subdivision": "CO-ANT",
        "timezone": "America/Bogota",
        "domain": "medellin.gov.co",
        "officer": None,
        "approver": None,
        "approver2": ("aprobadora.medellin@demo.govtech.example", "Sofía Medellín"),
    },
    {
        "name": "Prefeitura do Recife",
        "country": "BR",
        "kind": PublicBody.BodyKind.MUNICIPALITY,
        "level": PublicBody.Level.LOCAL,
        "subdivision": "BR-PE",
        "timezone": "America/Recife",
        "domain": "recife.pe.gov.br",
        "officer": ("oficial.recife@demo.govtech.example", "Renata Recife"),
        "approver": ("aprovador.recife@demo.govtech.example", "Rui Recife"),
        "approver2": ("aprovadora.recife@demo.govtech.example", "Clara Recife"),
    },
    {
        "name": "Agência para a Modernização Administrativa",
        "country": "PT",
        "kind": PublicBody.BodyKind.AGENCY,
        "level": PublicBody.Level.NATIONAL,
        "subdivision": "",
        "timezone": "Europe/Lisbon",
        "domain": "ama.gov.pt",
        "officer": ("oficial.ama@demo.govtech.example", "Inês Lisboa"),
        "approver": ("aprovador.ama@demo.govtech.example", "Tiago Lisboa"),
        "approver2": ("aprovadora.ama@demo.govtech.example", "Marta Lisboa"),
    },
    {
        "name": "Ministerio de Economía y Finanzas del Uruguay",
        "country": "UY",
        "kind": PublicBody.BodyKind.MINISTRY,
        "level": PublicBody.Level.NATIONAL,
        "subdivision": "",
        "timezone": "America/Montevideo",
        "domain": "mef.gub.uy",
        "officer": ("oficial.mef@demo.govtech.example", "Lucía Montevideo"),
        "approver": ("aprobador.mef@demo.govtech.example", "Diego Montevideo"),
        "approver2": ("aprobadora.mef@demo.govtech.example", "Ana Montevideo"),
    },
    {
        "name": "eGov Jamaica",
        "country": "JM",
        "kind": PublicBody.BodyKind.STATE_COMPANY,
        "level": PublicBody.Level.NATIONAL,
        "subdivision": "",
        "timezone": "America/Jamaica",
        "domain": "egov.gov.jm",
        "officer": ("officer.jamaica@demo.govtech.example", "Omar Kingston"),
        "approver": ("approver.jamaica@demo.govtech.example", "Grace Kingston"),
        "approver2": ("approver2.jamaica@demo.govtech.example", "Paul Kingston"),
    },
]

CHALLENGES: list[dict[str, Any]] = [
    {
        "body": 0,
        "language": "es",
        "title": "Congestión en los corredores del centro de Medellín",
        "problem": "Los buses tardan el doble en hora pico y la ciudad no sabe dónde se forman los cuellos de botella.",
        "affected": "Usuarios del transporte público, comerciantes del centro.",
        "expected_outcomes": "Reducir 15 % el tiempo de viaje en los corredores priorizados.",
        "sectors": ["mobility"],
        "technologies": ["data-analytics", "iot"],
        "cpv_codes": ["72316000"],
        "budget": Decimal("900000000"),
        "currency": "COP",
    },
    {
        "body": 1,
        "language": "pt",
        "title": "Alagamentos e drenagem urbana no Recife",
        "problem": "Chuvas fortes alagam bairros inteiros e a prefeitura não tem alertas com antecedência.",
        "affected": "Moradores das áreas baixas, defesa civil.",
        "sectors": ["environment", "urban-services"],
        "technologies": ["iot", "gis"],
        "cpv_codes": ["38420000"],
        "budget": Decimal("1500000"),
        "currency": "BRL",
    },
    {
        "body": 2,
        "language": "pt",
        "title": "Atendimento público digital para cidadãos idosos",
        "problem": "Os cidadãos com mais de 65 anos desistem dos serviços digitais e voltam aos balcões.",
        "sectors": ["social-services", "digital-identity"],
        "technologies": ["chatbots", "mobile"],
        "cpv_codes": ["72212000"],
        "budget": Decimal("400000"),
        "currency": "EUR",
    },
    {
        "body": 4,
        "language": "en",
        "title": "Paperless business registration",
        "problem": "Registering a business still needs three visits to government offices and paper forms.",
        "sectors": ["public-management"],
        "technologies": ["e-signature", "cloud"],
        "cpv_codes": ["72000000"],
        "budget": Decimal("250000"),
        "currency": "USD",
    },
]

TWO_CRITERIA = [{"name": "innovation", "weight": 60}, {"name": "price", "weight": 40}]
THREE_CRITERIA = [{"name": "impact", "weight": 50}, {"name": "team", "weight": 20}, {"name": "price", "weight": 30}]

# state: open | closing_soon | closed | unsuccessful | in_approval | draft ; challenge: index or None.
# Calls that received applications, were evaluated, awarded or cancelled are told in demo.stories.
CALLS: list[dict[str, Any]] = [
    {
        "body": 0,
        "challenge": 0,
        "state": "open",
        "days": 45,
        "language": "es",
        "title": "Semáforos inteligentes para los corredores del centro",
        "summary": "Compra precomercial en tres fases de un sistema de semáforos adaptativos con datos abiertos.",
        "instrument": Call.Instrument.PCP,
        "budget": Decimal("900000000"),
        "currency": "COP",
        "phases": [
            {"name": "diseño", "budget": "150000000", "suppliers": 4},
            {"name": "prototipo", "budget": "300000000", "suppliers": 2},
            {"name": "prueba de campo", "budget": "450000000", "suppliers": 1},
        ],
        "sectors": ["mobility"],
        "technologies": ["iot", "data-analytics"],
        "cpv_codes": ["34996000", "72316000"],
        "criteria": THREE_CRITERIA,
        "smes_only": True,
    },
    {
        "body": 0,
        "challenge": 0,
        "state": "closing_soon",
        "days": 4,
        "language": "es",
        "title": "Consulta al mercado: analítica de movilidad en tiempo real",
        "summary": "Buscamos conocer soluciones de analítica de datos de movilidad antes de abrir una compra.",
        "instrument": Call.Instrument.MARKET_CONSULTATION,
        "budget": Decimal("50000000"),
        "currency": "COP",
        "sectors": ["mobility"],
        "technologies": ["data-analytics"],
        "cpv_codes": ["72316000"],
        "criteria": TWO_CRITERIA,
    },
    {
        "body": 1,
        "challenge": 1,
        "state": "open",
        "days": 30,
        "language": "pt",
        "title": "Contrato CPSI: sensores de alerta de alagamentos",
        "summary": "Teste de sensores e modelos de previsão para alertar a defesa civil sobre alagamentos.",
        "instrument": Call.Instrument.CPSI,
        "budget": Decimal("1200000"),
        "currency": "BRL",
        "duration_months": 12,
        "sectors": ["environment"],
        "technologies": ["iot", "ai"],
        "cpv_codes": ["38420000"],
        "criteria": TWO_CRITERIA,
        "startups_only": True,
        "eligible_countries": ["BR"],
    },
    {
        "body": 1,
        "challenge": None,
        "state": "closing_soon",
        "days": 6,
        "language": "pt",
        "title": "Prêmio de inovação: educação conectada nas escolas municipais",
        "summary": "Desafio aberto com prêmio para soluções de aprendizagem digital em escolas da rede municipal.",
        "instrument": Call.Instrument.PRIZE,
        "budget": Decimal("300000"),
        "currency": "BRL",
        "sectors": ["education"],
        "technologies": ["mobile"],
        "cpv_codes": ["80000000"],
        "criteria": TWO_CRITERIA,
    },
    {
        "body": 2,
        "challenge": 2,
        "state": "open",
        "days": 60,
        "language": "pt",
        "title": "Piloto pago: assistente virtual para cidadãos seniores",
        "summary": "Piloto de seis meses de um assistente de voz que acompanha idosos nos serviços públicos digitais.",
        "instrument": Call.Instrument.PILOT,
        "budget": Decimal("120000"),
        "currency": "EUR",
        "duration_months": 6,
        "sectors": ["social-services"],
        "technologies": ["chatbots", "ai"],
        "cpv_codes": ["72212000"],
        "criteria": THREE_CRITERIA,
        "eligible_countries": ["PT", "ES", "BR"],
    },
    {
        "body": 2,
        "challenge": None,
        "state": "closed",
        "days": -5,
        "language": "pt",
        "title": "Parceria para a inovação: identidade digital móvel",
        "summary": "Desenvolvimento e aquisição de uma carteira de identidade digital móvel interoperável.",
        "instrument": Call.Instrument.PARTNERSHIP,
        "budget": Decimal("2000000"),
        "currency": "EUR",
        "sectors": ["digital-identity"],
        "technologies": ["biometrics", "mobile"],
        "cpv_codes": ["72212000"],
        "criteria": TWO_CRITERIA,
        "verified_suppliers_only": True,
    },
    {
        "body": 3,
        "challenge": None,
        "state": "unsuccessful",
        "days": -40,
        "language": "es",
        "reason": "No se recibió ninguna propuesta dentro del plazo.",
        "title": "Compra pública de innovación: cobro digital de tributos",
        "summary": "Solución innovadora de pago digital de tributos nacionales integrada con la banca.",
        "instrument": Call.Instrument.PPI,
        "budget": Decimal("15000000"),
        "currency": "UYU",
        "sectors": ["tax"],
        "technologies": ["digital-payments"],
        "cpv_codes": ["72260000"],
        "criteria": TWO_CRITERIA,
    },
    {
        "body": 3,
        "challenge": None,
        "state": "unsuccessful",
        "days": -60,
        "language": "es",
        "title": "Reto abierto: presupuesto participativo en línea",
        "summary": "Plataforma de votación para el presupuesto participativo; ninguna propuesta cumplió los requisitos.",
        "instrument": Call.Instrument.PRIZE,
        "budget": Decimal("2000000"),
        "currency": "UYU",
        "sectors": ["participation"],
        "technologies": ["mobile"],
        "cpv_codes": ["72400000"],
        "criteria": TWO_CRITERIA,
    },
    {
        "body": 4,
        "challenge": 3,
        "state": "open",
        "days": 21,
        "language": "en",
        "title": "Pilot: online business registration with e-signatures",
        "summary": "A paid pilot of a fully online business registration service with electronic signatures.",
        "instrument": Call.Instrument.PILOT,
        "budget": Decimal("180000"),
        "currency": "USD",
        "duration_months": 9,
        "sectors": ["public-management"],
        "technologies": ["e-signature", "cloud"],
        "cpv_codes": ["72000000"],
        "criteria": THREE_CRITERIA,
    },
    {
        "body": 4,
        "challenge": None,
        "state": "open",
        "days": 75,
        "language": "en",
        "title": "Market consultation: cybersecurity for government cloud services",
        "summary": "We want to hear from suppliers of managed security for government cloud workloads.",
        "instrument": Call.Instrument.MARKET_CONSULTATION,
        "budget": Decimal("60000"),
        "currency": "USD",
        "sectors": ["public-management"],
        "technologies": ["cybersecurity", "cloud"],
        "cpv_codes": ["72500000"],
        "criteria": TWO_CRITERIA,
    },
    {
        "body": 0,
        "challenge": None,
        "state": "in_approval",
        "days": 50,
        "language": "es",
        "title": "Reto de datos abiertos para la calidad del aire",
        "summary": "Borrador enviado a aprobación: sensores de bajo costo y tablero público de calidad del aire.",
        "instrument": Call.Instrument.PRIZE,
        "budget": Decimal("80000000"),
        "currency": "COP",
        "sectors": ["environment"],
        "technologies": ["iot"],
        "cpv_codes": ["38430000"],
        "criteria": TWO_CRITERIA,
    },
    {
        "body": 0,
        "challenge": None,
        "state": "draft",
        "days": 90,
        "language": "es",
        "title": "Asistente virtual para trámites de la alcaldía",
        "summary": "Borrador: asistente conversacional para los trámites más pedidos.",
        "instrument": Call.Instrument.PILOT,
        "budget": Decimal("120000000"),
        "currency": "COP",
        "sectors": ["participation"],
        "technologies": ["chatbots"],
        "cpv_codes": ["72212000"],
        "criteria": TWO_CRITERIA,
    },
]

QUESTIONS = [
    (0, "¿Pueden participar consorcios con universidades?", "Sí, los consorcios están permitidos.", False),
    (0, "¿Los datos de aforo vehicular serán abiertos?", "Sí, se publicarán en el anexo técnico.", False),
    (2, "O piloto pode usar sensores já instalados pela prefeitura?", "Sim, a lista está no anexo 2.", False),
    (8, "Can a foreign supplier take part?", "Yes; the pilot is open to suppliers from any country.", False),
    (9, "Will you pay for a demo of our product?", "Out of scope: this consultation buys nothing.", True),
]


def _body(spec: dict[str, Any], admin: User) -> Organisation:
    org = demo_organisation(spec["name"], spec["country"], kind=Organisation.Kind.PUBLIC_BODY)
    profile, _created = PublicBody.objects.get_or_create(
        organisation=org,
        defaults={
            "kind": spec["kind"],
            "country": spec["country"],
            "level": spec["level"],
            "subdivision": spec["subdivision"],
            "timezone": spec["timezone"],
            "email_domains": [spec["domain"]],
        },
    )
    if not profile.is_verified:
        public_body_verify(body=profile, actor=admin)
    # Every body has two approvers: nobody approves their own call (four eyes), and a conflicted approver is
    # replaced by the other one.
    roles = (
        ("officer", Membership.Role.OFFICER),
        ("approver", Membership.Role.APPROVER),
        ("approver2", Membership.Role.APPROVER),
    )
    for key, role in roles:
        if spec.get(key):
            email, name = spec[key]
            user = demo_user(
                email, name, language={"BR": "pt-br", "PT": "pt-br", "JM": "en"}.get(spec["country"], "es")
            )
            Membership.objects.get_or_create(user=user, organisation=org, role=role)
    return org


def _member(org: Organisation, role: str) -> User:
    membership = Membership.objects.filter(organisation=org, role=role, status=Membership.Status.ACTIVE).first()
    assert membership is not None, f"{org} has no {role}"
    return membership.user


def _call(spec: dict[str, Any], org: Organisation, challenge: Challenge | None) -> Call | None:
    if Call.objects.filter(body=org, title=spec["title"]).exists():
        return None
    officer, approver = _member(org, Membership.Role.OFFICER), _member(org, Membership.Role.APPROVER)
    data = {k: v for k, v in spec.items() if k not in {"body", "challenge", "state", "days", "reason"}}
    now = timezone.now()
    days = max(spec["days"], 10)  # drafted and approved with a future deadline; see the module docstring
    call = call_create(
        body=org,
        actor=officer,
        challenge=challenge,
        timezone=org.public_body.timezone,
        questions_deadline=now + (days - 2) * DAY,
        submission_deadline=now + days * DAY,
        expected_decision=now + (days + 30) * DAY,
        **data,
    )
    state = spec["state"]
    if state == "draft":
        return call
    call = call_submit_for_approval(call=call, actor=officer)
    if state == "in_approval":
        return call
    call = call_approve(call=call, actor=approver)
    if spec["days"] != days:  # the demo-only shortcut: move the dates to where the story needs them
        deadline = now + spec["days"] * DAY
        Call.objects.filter(pk=call.pk).update(
            questions_deadline=deadline - 2 * DAY,
            submission_deadline=deadline,
            expected_decision=deadline + 30 * DAY,
            publication_date=deadline - 30 * DAY,
            published_at=deadline - 30 * DAY,
        )
        call.refresh_from_db()
    if state in {"closed", "unsuccessful"}:
        call = call_close(call=call, actor=officer)
    if state == "unsuccessful":
        call = call_start_evaluation(call=call, actor=officer)
        call = call_declare_unsuccessful(
            call=call,
            actor=approver,
            reason=spec.get("reason", "Ninguna propuesta cumplió los requisitos de la convocatoria."),
        )
    return call


def load(stdout: IO[str]) -> None:
    admin = User.objects.filter(email="admin@demo.govtech.example").first()
    asker = User.objects.filter(email="startup@demo.govtech.example").first()
    if admin is None:
        stdout.write("procurement: no demo admin, skipped")
        return
    orgs = [_body(spec, admin) for spec in BODIES]
    challenges: list[Challenge] = []
    for spec in CHALLENGES:
        org = orgs[spec["body"]]
        data = {k: v for k, v in spec.items() if k != "body"}
        challenge = Challenge.objects.filter(body=org, title=spec["title"]).first()
        if challenge is None:
            officer = _member(org, Membership.Role.OFFICER)
            challenge = challenge_create(body=org, actor=officer, **data)
            challenge = challenge_transition(challenge=challenge, to=Challenge.Status.PUBLISHED, actor=officer)
        challenges.append(challenge)
    calls: list[Call | None] = []
    for spec in CALLS:
        org = orgs[spec["body"]]
        challenge = challenges[spec["challenge"]] if spec["challenge"] is not None else None
        calls.append(_call(spec, org, challenge))
    asked = 0
    for index, text, answer, reject in QUESTIONS:
        call = calls[index]
        if call is None or asker is None or call.status != Call.Status.PUBLISHED:
            continue  # already loaded on an earlier run (or no supplier persona)
        question = question_ask(call=call, actor=asker, text=text)
        question = Question.objects.select_related("call").get(pk=question.pk)
        question_answer(
            question=question, actor=_member(call.body, Membership.Role.OFFICER), answer=answer, reject=reject
        )
        asked += 1
    created = sum(1 for c in calls if c is not None)
    stdout.write(f"procurement: {len(orgs)} public bodies, {created} calls and {asked} questions created")
