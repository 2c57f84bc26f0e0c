"""Every API route from the URL resolver, and a concrete path for each (ids that do not exist).

Used by the query-count tests. The permission matrix over every route and persona (with real objects, ids
that do not exist and the JSON error format) is ``tests/security/test_generated_matrix.py``.
"""

from __future__ import annotations

import re
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

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
