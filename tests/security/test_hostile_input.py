"""Hostile input through every API operation that takes a body: never a 500, never a half-written row.

The operations and their request fields come from the OpenAPI schema, so every endpoint an app adds is swept.
Each string field in turn gets each hostile value (NUL, a lone surrogate, 100 kB of text, markup, SQL, a path,
bidirectional overrides); path ids point at real objects the persona may (or may not) act on.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator

from procurement.bodies.models import PublicBody
from procurement.calls.models import Call
from procurement.challenges.models import Challenge
from tests.procurement.factories import make_call, verified_body

pytestmark = pytest.mark.django_db

HOSTILE = [
    "a\x00b",
    "\ud800",
    "x" * 100_000,
    "<script>alert(1)</script>' OR 1=1; --",
    "../../etc/passwd\u202e💥",
    "-1e309",
]


def _schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-any-return]


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
    if "allOf" in node:
        merged: dict[str, Any] = {"properties": {}}
        for part in node["allOf"]:
            merged["properties"].update(_resolve(schema, part).get("properties", {}))
        return merged
    return node


def _sample(schema: dict[str, Any], node: dict[str, Any], hostile: str, depth: int = 0) -> Any:
    node = _resolve(schema, node)
    kind = node.get("type")
    if node.get("enum"):
        return node["enum"][0]
    if kind == "string":
        fmt = node.get("format")
        if hostile == "ok" and fmt == "date-time":
            return "2031-01-15T12:00:00Z"
        if hostile == "ok" and fmt == "date":
            return "2031-01-15"
        if hostile == "ok" and fmt == "decimal":
            return "1000"
        if hostile == "ok" and fmt == "email":
            return "someone@example.org"
        return hostile
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    if kind == "array":
        return [_sample(schema, node.get("items", {}), hostile, depth + 1)] if depth < 3 else []
    props = node.get("properties", {})
    if props and depth < 3:
        return {name: _sample(schema, sub, hostile, depth + 1) for name, sub in props.items()}
    return {"key": hostile}


def operations() -> list[tuple[str, str, dict[str, Any]]]:
    schema = _schema()
    found = []
    for path, item in schema["paths"].items():
        for method, op in item.items():
            if method not in {"post", "put", "patch"}:
                continue
            content = op.get("requestBody", {}).get("content", {})
            body = content.get("application/json", {}).get("schema")
            if body:
                found.append((path, method, _resolve(schema, body)))
    return found


@pytest.fixture
def objects(public_body: Any, officer: Any, supplier_owner: Any) -> dict[str, int]:
    from procurement.applications.services import application_create

    verified_body(public_body)
    call = make_call(public_body, status=Call.Status.PUBLISHED)
    challenge = Challenge.objects.create(body=public_body, title="Reto", problem="Problema")
    application = application_create(call=call, actor=supplier_owner)  # the supplier's draft (issue 5)
    return {
        "calls": call.pk,
        "challenges": challenge.pk,
        "applications": application.pk,
        "public-bodies": PublicBody.objects.get(organisation=public_body).pk,
    }


def _concrete(path: str, ids: dict[str, int]) -> str:
    def sub(match: re.Match[str]) -> str:
        before = path[: match.start()].rstrip("/").rsplit("/", 1)[-1]
        return str(ids.get(before, 999999))

    return re.sub(r"\{[^}]+\}", sub, path)


def test_the_sweep_sees_the_writes() -> None:
    paths = {path for path, _, _ in operations()}
    assert "/api/v1/calls/" in paths
    assert "/api/v1/applications/{id}/" in paths
    assert len(paths) > 10


@pytest.mark.parametrize("name", ["admin", "officer", "supplier_owner"])
def test_no_hostile_value_breaks_an_endpoint(name: str, persona: Any, client_for: Any, objects: dict[str, int]) -> None:
    client = client_for(persona(name))
    schema = _schema()
    failures = []
    for path, method, body in operations():
        url = _concrete(path, objects)
        fields = [n for n, sub in body.get("properties", {}).items() if _resolve(schema, sub).get("type") != "boolean"]
        for hostile in HOSTILE:
            for field in fields or [None]:
                data = {n: _sample(schema, sub, "ok") for n, sub in body.get("properties", {}).items()}
                if field is not None:
                    data[field] = _sample(schema, body["properties"][field], hostile)
                payload = json.dumps(data)
                response = getattr(client, method)(url, payload, content_type="application/json")
                if response.status_code >= 500 or not response["Content-Type"].startswith("application/json"):
                    failures.append(f"{method.upper()} {url} {field}={hostile[:12]!r} -> {response.status_code}")
    assert not failures, "\n".join(failures[:20])


@pytest.mark.parametrize("bad", ["a\x00b", "\ud800"])
@pytest.mark.parametrize("where", ["title", "criteria"])
def test_unstorable_text_is_refused_by_field_and_stores_nothing(
    bad: str, where: str, client_for: Any, officer: Any, public_body: Any
) -> None:
    from tests.procurement.factories import call_data

    verified_body(public_body)
    data = {
        k: v.isoformat() if hasattr(v, "isoformat") else v if isinstance(v, list | dict | bool) else str(v)
        for k, v in call_data().items()
    }
    data["body"] = public_body.pk
    if where == "title":
        data["title"] = bad
    else:
        data["criteria"] = [{"name": bad, "weight": 100}]
    response = client_for(officer).post("/api/v1/calls/", json.dumps(data), content_type="application/json")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert ("title" if where == "title" else "criteria[0].name") in fields
    assert not Call.objects.filter(body=public_body).exists()
