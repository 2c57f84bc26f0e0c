"""Stored hostile text renders inert on every page (issue 13, untrusted text).

The matrix's world (one real object behind every route) is built, then every free-text column of every model
of the portal (``CharField``/``TextField`` without choices, long enough to hold markup) is overwritten in the
database with markup that would run if it were rendered raw. Every page a persona may see (the matrix's
table says which: the admin's pages for the admin) is then fetched: none may contain the markup raw, and
none may fail. API answers are JSON (``application/json``) and are not HTML-rendered, so they are not
checked here (the hostile-input sweep covers what they accept).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from tests.conftest import PERSONAS
from tests.security.matrix_routes import all_routes, build_path, fill
from tests.security.matrix_table import SKIP, rows_of
from tests.security.matrix_world import World, build_world

PORTAL_APPS = (
    "accounts",
    "audit",
    "core",
    "notifications",
    "tokens",
    "startups",
    "procurement",
    "applications",
    "evaluation",
    "awards",
    "matching",
    "ocds",
    "recommendations",
)
# Columns that are not free text a person types (identifiers, digests, codes, time zones): validated on the way
# in, so a page may rely on their form.
NOT_FREE_TEXT = {
    "identifier",
    "identifier_scheme",
    "timezone",
    "sha256",
    "content_type",
    "algorithm_version",
    "key_hash",
    "token_hash",
    "prefix",
    "password",
    "code",
    "check_digit",
    "ocid",
    "event_key",
    "kind",
    "verb",
    "language",
    "session_key",
    "secret",
    "digest",
    "hash",
}
RAW = ("<script>alert(", "<img src=x onerror")
PERSONAS_TRIED = ("admin", "officer", "evaluator", "supplier_owner", "anonymous")


def _payload(model: type[models.Model], field: models.Field[Any, Any], pk: Any) -> str:
    text = f"\"'><script>alert('{model._meta.model_name}.{field.name}')</script><img src=x onerror=alert(1)> {pk}"
    limit = getattr(field, "max_length", None)
    return text[:limit] if limit else text


def _poisonable(field: models.Field[Any, Any]) -> bool:
    if not isinstance(field, (models.CharField, models.TextField)) or field.primary_key or field.choices:
        return False
    if isinstance(field, (models.SlugField, models.EmailField, models.URLField, models.FileField)):
        return False
    if field.name in NOT_FREE_TEXT or field.name.endswith(("_hash", "_code", "_id")):
        return False
    return (getattr(field, "max_length", None) or 10_000) >= 60  # room for the markup, and then some


def poison_every_text_column() -> list[str]:
    """Overwrite every free-text column of every row with hostile markup; return ``model.field`` names."""
    touched = []
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in PORTAL_APPS or meta.proxy or not meta.managed:
            continue
        if meta.model_name in {"auditevent", "release"}:  # append-only at the database level (a trigger)
            continue
        fields = [f for f in meta.concrete_fields if _poisonable(f)]
        if not fields:
            continue
        for pk in model._default_manager.values_list("pk", flat=True):
            model._default_manager.filter(pk=pk).update(**{f.name: _payload(model, f, pk) for f in fields})
        touched += [f"{meta.label}.{f.name}" for f in fields]
    return touched


@pytest.fixture
def poisoned_world(persona: Callable[[str], Any]) -> World:
    world = build_world({name: persona(name) for name in PERSONAS if name != "anonymous"})
    touched = poison_every_text_column()
    assert len(touched) > 50, touched  # the sweep sees the portal's text columns
    assert {"procurement.Call.title", "startups.Supplier.legal_name", "procurement.Question.text"} <= set(touched)
    return world


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS_TRIED)
def test_stored_markup_renders_inert_on_every_page(
    persona_name: str, persona: Callable[[str], Any], poisoned_world: World
) -> None:
    user = persona(persona_name)
    client = Client(raise_request_exception=False)
    if getattr(user, "is_authenticated", False):
        client.force_login(user)
    problems: list[str] = []
    seen_markup = 0
    for route in all_routes():
        if route.api or route.key in SKIP:
            continue
        for _label, row in rows_of(route.key):
            if row.get.get(persona_name) != 200:
                continue
            path = build_path(route, fill(route, poisoned_world, row.args))
            response = client.get(path)
            if response.status_code >= 500:
                problems.append(f"{path}: {response.status_code}")
                continue
            if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
                continue
            html = response.content.decode("utf-8", "replace")
            seen_markup += html.count("&lt;script&gt;alert(")
            problems += [f"{path}: raw {raw!r}" for raw in RAW if raw in html]
    assert not problems, "\n".join(problems)
    assert seen_markup > 10, "the poisoned text never reached a page: the check is blind"
