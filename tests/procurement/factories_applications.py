"""Test data for applications, evaluation and awards (issue 5). Direct ORM writes: for arranging a test only."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from govtech.accounts.models import Organisation
from procurement.applications.models import Application, CallOpening
from procurement.calls.models import Call
from procurement.evaluation.models import Panel, PanelMember
from tests.procurement.factories import make_call, verified_body


def published_call(body: Organisation, **overrides: Any) -> Call:
    verified_body(body)
    return make_call(body, status=Call.Status.PUBLISHED, published_at=timezone.now(), **overrides)


def make_application(call: Call, supplier: Organisation, *, by: Any, status: str = Application.Status.SUBMITTED,
                     **content: Any) -> Application:  # fmt: skip
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
        call=call, defaults={"opened_by": by, "opened_at": timezone.now(),
                             "submitted_count": Application.objects.count_submitted(call)},
    )  # fmt: skip
    return opening


def make_panel(call: Call, *evaluators: Any, named_by: Any, **settings: Any) -> Panel:
    panel, _ = Panel.objects.get_or_create(call=call, defaults=settings)
    for user in evaluators:
        PanelMember.objects.get_or_create(panel=panel, user=user, defaults={"named_by": named_by})
    return panel
