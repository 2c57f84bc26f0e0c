"""Every list of the API keeps its documented shape whatever the query string (issue #22).

The lists are read from the OpenAPI schema itself (every GET whose 200 answer is a ``Paginated…List``), on a
database that holds calls with amendments and questions, applications with receipts and files, an award with
its milestones (the permission matrix's world). For each, as every persona that may read it: the plain answer
and a series of hostile query strings answer ``{count, next, previous, results}`` or a 4xx JSON error naming
the problem, never a 500, a bare list or an HTML page. ``/api/v1/`` lists the entry points.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from tests.conftest import PERSONAS
from tests.security.matrix_routes import all_routes, build_path, fill
from tests.security.matrix_world import World, build_world

pytestmark = pytest.mark.django_db

HOSTILE = [
    "page=abc",
    "page=0",
    "page=-1",
    "page=1.5",
    "page=99999999999999999999",
    "page=999999",
    "page=last",
    "page_size=999999",
    "page_size=abc",
    "page_size=-3",
    "page_size=0",
    "unknown_filter=1",
    "ordering=nonsense",
    "q=%00%ff",
    "search=" + "x" * 300,
    "body=abc&country=ZZZ&cpv=1&closing_before=yesterday",
]
READERS = ["anonymous", "supplier_owner", "supplier_member", "officer", "approver", "evaluator", "admin", "auditor"]


@pytest.fixture
def world(persona: Callable[[str], Any]) -> World:
    return build_world({name: persona(name) for name in PERSONAS if name != "anonymous"})


def _paginated_paths() -> list[re.Pattern[str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    out = []
    for path, operations in schema["paths"].items():
        answer = operations.get("get", {}).get("responses", {}).get("200", {})
        ref = answer.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
        if ref.split("/")[-1].startswith("Paginated"):
            out.append(re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$"))
    return out


def _client(user: Any) -> Client:
    client = Client(raise_request_exception=False, HTTP_ACCEPT="application/json")
    if getattr(user, "is_authenticated", False):
        client.force_login(user)
    return client


def _shape_problem(response: Any, url: str) -> str:
    if response.status_code >= 500:
        return f"{url}: {response.status_code}"
    if not response.get("Content-Type", "").startswith("application/json"):
        return f"{url}: {response.status_code} {response.get('Content-Type')}"
    body = response.json()
    if response.status_code >= 400:
        error = body.get("error") if isinstance(body, dict) else None
        if not isinstance(error, dict) or error.get("status") != response.status_code or not error.get("message"):
            return f"{url}: {response.status_code} outside the error format: {str(body)[:200]}"
        return ""
    if response.status_code != 200:
        return f"{url}: {response.status_code}"
    if not isinstance(body, dict) or set(body) != {"count", "next", "previous", "results"}:
        return f"{url}: not the paginated shape: {str(body)[:200]}"
    if not isinstance(body["results"], list) or len(body["results"]) > 100:
        return f"{url}: results"
    return ""


def test_every_list_answers_its_documented_shape_whatever_the_query_string(
    world: World, persona: Callable[[str], Any]
) -> None:
    lists = _paginated_paths()
    routes = []
    for route in all_routes():
        if not route.api or "format" in route.params or route.key.startswith("route:"):
            continue
        path = build_path(route, fill(route, world))
        if any(pattern.match(path) for pattern in lists):
            routes.append(path)
    assert len(routes) >= len(lists) - 2, (len(routes), len(lists))  # every documented list, with real objects
    assert "/api/v1/calls/" + str(world.open_call.pk) + "/amendments/" in routes
    clients = {name: _client(persona(name)) for name in READERS}
    problems, unread = [], []
    for path in sorted(set(routes)):
        readers = [name for name, client in clients.items() if client.get(path).status_code == 200]
        if not readers:
            unread.append(path)
            continue
        for name in readers[:3]:
            client = clients[name]
            problems += [p for p in [_shape_problem(client.get(path), f"{name} {path}")] if p]
            for query in HOSTILE:
                url = f"{path}?{query}"
                problems += [p for p in [_shape_problem(client.get(url), f"{name} {url}")] if p]
            bad_page = client.get(f"{path}?page=abc")
            if bad_page.status_code != 400 or "page" not in bad_page.json()["error"]["fields"]:
                problems.append(f"{name} {path}?page=abc: {bad_page.status_code} (expected 400 naming page)")
    assert problems == []
    assert unread == []


def test_the_api_root_lists_the_entry_points_the_docs_and_the_portal(client: Client) -> None:
    answer = client.get("/api/v1/", HTTP_ACCEPT="application/json")
    assert answer.status_code == 200
    body = answer.json()
    assert body["languages"] == ["es", "pt-br", "en"]
    assert body["portal"].endswith("/")
    for name in ("calls", "challenges", "suppliers", "applications", "awards", "me"):
        assert body["endpoints"][name].endswith(f"/api/v1/{name}/")
    assert client.get(body["endpoints"]["calls"]).status_code == 200
    assert body["documentation"]["swagger"].endswith("/api/v1/docs/")


def test_the_api_docs_link_back_to_the_portal_and_name_its_languages(client: Client) -> None:
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    description = schema["info"]["description"]
    assert "](/)" in description
    for language in ("Español", "Português (Brasil)", "English"):
        assert language in description
    assert schema["externalDocs"]["url"] == "/"
