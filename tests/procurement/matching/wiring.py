"""Shared set-up for the matching wiring tests: a verified body, a relevant and an unrelated supplier."""

from __future__ import annotations

from typing import Any

from procurement.calls.models import Call
from startups.models import CpvCode
from tests.procurement.factories import make_call, make_challenge, verified_body
from tests.startups.factories import ReferenceFactory, SolutionFactory, SupplierFactory

TRAFFIC_CALL = {
    "title": "Semáforos inteligentes para la congestión vehicular",
    "summary": "Semáforos adaptativos que reduzcan la congestión vehicular en el centro de la ciudad.",
    "cpv_codes": ["34996000"],
}


def traffic_supplier(org: Any, **extra: Any) -> Any:
    supplier = SupplierFactory(
        organisation=org,
        pitch_es="Semáforos adaptativos para ciudades",
        description_es="Controlamos semáforos inteligentes con visión artificial para reducir la congestión vehicular.",
        **extra,
    )
    SolutionFactory(supplier=supplier, name="Onda verde", description="Semáforos que se adaptan al tráfico", trl=8)
    ReferenceFactory(supplier=supplier, description="Semaforización inteligente del centro")
    supplier.cpv_codes.set(CpvCode.objects.filter(code__in=["34996000"]))
    return supplier


def unrelated_supplier(org: Any | None = None) -> Any:
    extra = {"organisation": org} if org is not None else {}
    return SupplierFactory(
        pitch_es="Historias clínicas electrónicas",
        description_es="Agenda de citas médicas para hospitales y pacientes.",
        **extra,
    )


def published_call(body_org: Any, status: str = Call.Status.PUBLISHED, **overrides: Any) -> Call:
    verified_body(body_org)
    return make_call(body_org, status=status, **(TRAFFIC_CALL | overrides))


def published_challenge(body_org: Any) -> Any:
    verified_body(body_org)
    return make_challenge(
        body_org,
        title="Congestión vehicular en el centro",
        problem="Los semáforos no se adaptan al tráfico y la congestión crece.",
        cpv_codes=["34996000"],
    )
