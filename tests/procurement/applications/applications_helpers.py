"""Arranging application tests: an eligible supplier, an open call, a complete draft (through the services)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from govtech.accounts.models import Organisation
from procurement.applications import services
from procurement.applications.models import Application
from procurement.calls.models import Call
from tests.procurement.factories import published_call
from tests.startups.factories import SupplierFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def eligible(org: Organisation, **profile: Any) -> Organisation:
    """Give ``org`` a verified, small, startup supplier profile (override any field)."""
    SupplierFactory(organisation=org, legal_name=org.name, **profile)
    return org


def open_call(body: Organisation, **overrides: Any) -> Call:
    return published_call(body, **overrides)


def pdf(name: str = "propuesta.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def complete_draft(call: Call, actor: Any, supplier: Organisation | None = None, **content: Any) -> Application:
    application = services.application_create(call=call, actor=actor, supplier=supplier)
    data: dict[str, Any] = {
        "title": "Semáforos que aprenden",
        "solution": "Sensores y un modelo de predicción del tráfico",
        "criteria_responses": {c["name"]: f"Respuesta sobre {c['name']}" for c in call.criteria},
        "team": "Tres ingenieras",
        "plan": "Seis meses",
        "milestones": [{"name": "Piloto", "month": 3}],
        "price": Decimal("90000"),
        "currency": call.currency,
        "phase_prices": [{"phase": call.phases[0]["name"], "price": "30000"}] if call.phases else [],
    }
    return services.application_update(application=application, actor=actor, **(data | content))
