"""POST data for the officer forms, as a browser without JavaScript would send it."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django.utils import timezone

BOGOTA = zoneinfo.ZoneInfo("America/Bogota")


def local(dt: datetime.datetime, zone: zoneinfo.ZoneInfo = BOGOTA) -> str:
    return dt.astimezone(zone).strftime("%Y-%m-%dT%H:%M")


def challenge_post(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Congestión en el centro",
        "problem": "Los semáforos no se adaptan al tráfico y la congestión crece en el centro de la ciudad.",
        "affected": "Conductores y peatones",
        "expected_outcomes": "Reducir 20% el tiempo de viaje",
        "sectors": ["mobility"],
        "technologies": ["iot"],
        "cpv_codes": "34996000",
        "regions": "CO-DC",
        "budget": "500000000",
        "currency": "COP",
        "language": "es",
        "action": "save",
    }
    return data | overrides


def rows(prefix: str, items: list[dict[str, Any]], initial: int = 0) -> dict[str, Any]:
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": str(max(len(items), 1)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "10",
    }
    for i, item in enumerate(items):
        for key, value in item.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


PHASES = [
    {"name": "Diseño", "budget": "100000", "suppliers": "4", "down_selection": "Los mejores 2 pasan"},
    {"name": "Prototipo", "budget": "200000", "suppliers": "2", "down_selection": "El mejor pasa"},
    {"name": "Prueba de campo", "budget": "300000", "suppliers": "1", "down_selection": ""},
]
CRITERIA = [
    {"name": "Innovación", "weight": "60", "description": "Novedad"},
    {"name": "Precio", "weight": "40", "description": ""},
]


def call_post(
    *, phases: list[dict[str, Any]] | None = None, criteria: list[dict[str, Any]] | None = None, **overrides: Any
) -> dict[str, Any]:
    now = timezone.now()
    data: dict[str, Any] = {
        "title": "Semáforos inteligentes",
        "instrument": "pcp",
        "summary": "Compra precomercial en tres fases",
        "budget": "600000",
        "currency": "COP",
        "consortia_allowed": "on",
        "questions_deadline": local(now + datetime.timedelta(days=10)),
        "submission_deadline": local(now + datetime.timedelta(days=20)),
        "expected_decision": local(now + datetime.timedelta(days=40)),
        "language": "es",
        "challenge": "",
    }
    data |= rows("phases", PHASES if phases is None else phases)
    data |= rows("criteria", CRITERIA if criteria is None else criteria)
    return data | overrides
