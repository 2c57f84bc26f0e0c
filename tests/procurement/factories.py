from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from govtech.accounts.models import Organisation
from procurement.bodies.models import PublicBody
from procurement.calls.models import Call


def verified_body(org: Organisation) -> PublicBody:
    body, _ = PublicBody.objects.get_or_create(
        organisation=org,
        defaults={"kind": PublicBody.BodyKind.MUNICIPALITY, "country": "CO", "level": PublicBody.Level.LOCAL,
                  "verification_status": PublicBody.Verification.VERIFIED},
    )  # fmt: skip
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
