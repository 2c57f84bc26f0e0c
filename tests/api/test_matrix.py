"""A generated matrix: every API route × every persona × the common methods.

Whatever the route, the answer is JSON in the one error format (or a success), never a
500 and never an HTML page; objects that do not exist (or may not be seen) are 404. The
routes come from the URL resolver, so every endpoint an app adds is covered.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import PERSONAS

SKIP = {"schema/", "docs/", "redoc/"}


def _walk(patterns: list[Any], prefix: str = "") -> list[str]:
    routes: list[str] = []
    for pattern in patterns:
        text = str(pattern.pattern).removeprefix("^").removesuffix("$")  # router routes are regexes
        if isinstance(pattern, URLResolver):
            routes += _walk(pattern.url_patterns, prefix + text)
        elif isinstance(pattern, URLPattern):
            routes.append(prefix + text)
    return routes


def api_routes() -> list[str]:
    routes = []
    for route in _walk(get_resolver().url_patterns):
        if not route.startswith("api/v1/"):
            continue
        tail = route.removeprefix("api/v1/")
        if tail in SKIP or not tail or tail == ".*" or "(?P<format>" in tail:
            continue
        routes.append(route)
    return sorted(set(routes))


def concrete(route: str) -> str:
    path = route.lstrip("^").rstrip("$")
    path = re.sub(r"\(\?P<[^>]+>[^)]*\)", "999999", path)  # router regex groups: an id that does not exist
    path = re.sub(r"<int:[^>]+>", "999999", path)
    path = re.sub(r"<(?:slug|str|uuid|path)?:?[^>]+>", "does-not-exist", path)
    return "/" + path.replace("\\", "")


ROUTES = api_routes()
GET_OK = {200, 401, 403, 404, 405}
WRITE_OK = {200, 201, 202, 204, 400, 401, 403, 404, 405, 409}


def test_the_matrix_sees_the_api():
    assert any(route.startswith("api/v1/me/") for route in ROUTES)


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
@pytest.mark.parametrize("route", ROUTES)
def test_every_route_answers_every_persona_in_json_without_a_server_error(route, persona_name, persona, client_for):
    client = client_for(persona(persona_name))
    path = concrete(route)
    has_params = path != "/" + route.lstrip("^").rstrip("$").replace("\\", "")
    got = client.get(path, HTTP_ACCEPT="application/json")
    assert got.status_code in GET_OK, (path, got.status_code)
    if has_params and got.status_code not in {401, 403, 405}:
        assert got.status_code == 404, (path, got.status_code)
    if got.status_code >= 400:
        assert got["Content-Type"].startswith("application/json"), path
        assert got.json()["error"]["status"] == got.status_code
    for method in ("post", "patch", "delete"):
        answer = getattr(client, method)(
            path, data="{}", content_type="application/json", HTTP_ACCEPT="application/json"
        )
        assert answer.status_code in WRITE_OK, (method, path, answer.status_code)
        if answer.status_code >= 400:
            assert answer["Content-Type"].startswith("application/json"), (method, path)
            assert "error" in answer.json(), (method, path)
