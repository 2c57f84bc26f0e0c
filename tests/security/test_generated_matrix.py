"""The generated permission matrix (issues 10 and 13): every page and endpoint × every persona.

The routes come from the URL resolver and their parameters from one world of real objects
(``matrix_world``); ``matrix_table.TABLE`` says, per route and persona, what GET answers. A route missing
from the table fails the test, so every route added later has to be classified. Unsafe methods (POST; PATCH
and DELETE on API object routes) from every persona the table does not allow answer 401/403/404/405 or a
redirect to log in, and leave every table of the database as it was. Nothing answers 500; every API error is
JSON in the one error format. ``MATRIX_RECORD=<dir>`` writes what each route answers instead of asserting
(to classify new routes: review it, never paste it blindly).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.conftest import PERSONAS
from tests.security.matrix_routes import (
    TableWatch,
    all_routes,
    build_path,
    fill,
    fingerprint,
    fingerprint_sql,
    watched_tables,
)
from tests.security.matrix_table import LOGIN, SKIP, TABLE, rows_of
from tests.security.matrix_world import SEALED_MINE, SEALED_THEIRS, World, build_world

RECORD = os.environ.get("MATRIX_RECORD")  # a directory: write what each route answers instead of asserting
DENIED_WRITE = {401, 403, 404, 405}
TEXT_PARAMS = {"slug", "code", "ocid", "name"}  # the others are ids


@pytest.fixture
def world(persona: Callable[[str], Any]) -> World:
    return build_world({name: persona(name) for name in PERSONAS if name != "anonymous"})


def _client(user: Any) -> Client:
    client = Client(raise_request_exception=False)  # a server error is an answer (500) to report, not a crash
    if getattr(user, "is_authenticated", False):
        client.force_login(user)
    return client


def _answer(response: Any, page: bool) -> int | str:
    """The status, or ``LOGIN`` for a page's redirect to a log-in page (the portal's or the admin's)."""
    location = response.get("Location", "") if response.status_code == 302 else ""
    if page and ("/accounts/login/" in location or "/admin/login/" in location):
        return LOGIN
    return int(response.status_code)


def _json_error(response: Any) -> bool:
    """An API answer of 400 or more is JSON in the portal's one error format."""
    if response.status_code < 400:
        return True
    if not response.get("Content-Type", "").startswith("application/json"):
        return False
    error = response.json().get("error")
    return isinstance(error, dict) and error.get("status") == response.status_code


def _sealed_words_in(response: Any, persona_name: str) -> str:
    """Before the opening, the sealed applications' words appear to no one but their applicant."""
    if response.status_code != 200 or response.streaming:
        return ""
    forbidden = [SEALED_THEIRS] + ([] if persona_name in {"supplier_owner", "supplier_member"} else [SEALED_MINE])
    content = response.content.decode("utf-8", "replace")
    return next((word for word in forbidden if word in content), "")


def test_every_route_is_classified() -> None:
    missing = [r.key for r in all_routes() if r.key not in TABLE and r.key not in SKIP]
    assert not missing, f"classify these routes in tests/security/matrix_table.py: {missing}"
    stale = [key for key in [*TABLE, *SKIP] if key not in {r.key for r in all_routes()}]
    assert not stale, f"the table names routes that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_the_matrix(persona_name: str, persona: Callable[[str], Any], world: World) -> None:
    user = persona(persona_name)
    routes = [r for r in all_routes() if r.key not in SKIP]
    client = _client(user)
    observed: dict[str, Any] = {}
    wrong: list[str] = []
    shown_to_applicant = False
    # --- GET ---
    for route in routes:
        for label, row in rows_of(route.key):
            path = build_path(route, fill(route, world, row.args))
            accept = {"HTTP_ACCEPT": "application/json"} if route.api and not row.html else {}
            response = client.get(path, **accept)
            got = _answer(response, route.page)
            observed[f"{route.key}{label}"] = got
            if RECORD:
                continue
            want = row.get.get(persona_name)
            if got != want:
                wrong.append(f"GET {path} [{route.key}{label}]: {got}, expected {want}")
            if (
                response.status_code == 200
                and not response.streaming
                and SEALED_MINE in response.content.decode("utf-8", "replace")
            ):
                shown_to_applicant = True
            leak = _sealed_words_in(response, persona_name)
            if leak:
                wrong.append(f"GET {path} [{route.key}{label}]: shows the sealed application's {leak!r}")
            if route.api and not row.html and not _json_error(response):
                wrong.append(f"GET {path} [{route.key}{label}]: the error is not in the one JSON format")
    if persona_name == "supplier_owner" and not RECORD:  # the seal check looks for words that are really there
        assert shown_to_applicant, "the applicant's own pages do not show the sealed words: the leak check is blind"
    # --- unsafe methods, from the personas who may not ---
    tables = watched_tables()
    watch = TableWatch(tables)
    before = watch.digests()
    for route in routes:
        if user.is_authenticated and "_auth_user_id" not in client.session:  # a route logged the persona out
            client.force_login(user)
            before = watch.digests()
        for label, row in rows_of(route.key):
            if persona_name in row.writers():
                continue
            path = build_path(route, fill(route, world, row.args))
            methods = ["post"]
            if route.api and route.params:
                methods += ["patch", "delete"]
            for method in methods:
                if route.api:
                    response = getattr(client, method)(
                        path, data="{}", content_type="application/json", HTTP_ACCEPT="application/json"
                    )
                else:
                    response = getattr(client, method)(path, data={})
                got = _answer(response, route.page)
                after = watch.digests()
                changed = sorted(t for t in tables if after[t] != before[t])
                before = after
                observed[f"{method.upper()} {route.key}{label}"] = [got, changed]
                if RECORD:
                    continue
                denied = got in DENIED_WRITE or got == LOGIN  # LOGIN: sent to log in (the admin's, for non-staff)
                if not denied or changed:
                    wrong.append(f"{method.upper()} {path} [{route.key}{label}]: {got}, changed {changed}")
                if route.api and not _json_error(response):
                    wrong.append(f"{method.upper()} {path}: the error is not in the one JSON format")
    # --- API routes with nothing (or nothing valid) to act on, last since they may write: never a 500, every
    # error in JSON; objects that do not exist are 404 (or 401/403/405 first) whatever the method ---
    if user.is_authenticated:
        client.force_login(user)
    for route in routes:
        pages = any(row.html for _label, row in rows_of(route.key))  # the API docs are pages
        if route.api and not route.params and not pages and route.key != "route:api/v1/^.*$":
            for method in ("post", "patch", "delete"):
                path = build_path(route, {})
                answer = getattr(client, method)(
                    path, data="{}", content_type="application/json", HTTP_ACCEPT="application/json"
                )
                if answer.status_code >= 500 or not _json_error(answer):
                    wrong.append(f"{method.upper()} {path} (empty body): {answer.status_code}")
        if not (route.api and route.params):
            continue
        path = build_path(route, {p: "does-not-exist" if p in TEXT_PARAMS else "999999" for p in route.params})
        got_get = client.get(path, HTTP_ACCEPT="application/json")
        if got_get.status_code not in DENIED_WRITE or not _json_error(got_get):
            wrong.append(f"GET {path} (no such object): {got_get.status_code}")
        for method in ("post", "patch", "delete"):
            answer = getattr(client, method)(
                path, data="{}", content_type="application/json", HTTP_ACCEPT="application/json"
            )
            if not 400 <= answer.status_code < 500 or not _json_error(answer):
                wrong.append(f"{method.upper()} {path} (no such object): {answer.status_code}")
    if RECORD:
        out = Path(RECORD)
        out.mkdir(parents=True, exist_ok=True)
        (out / f"{persona_name}.json").write_text(json.dumps(observed, indent=1, sort_keys=True))
        return
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_the_database_digest_sees_a_change(world: World) -> None:
    """The unsafe-method check compares digests of every table: an update of one row must change them."""
    tables = watched_tables()
    sql = fingerprint_sql(tables)
    before = fingerprint(tables, sql)
    type(world.question).objects.filter(pk=world.question.pk).update(answer="Otra respuesta")
    after = fingerprint(tables, sql)
    assert [t for t in tables if before[t] != after[t]] == ["procurement_question"]


@pytest.mark.django_db
def test_the_table_watch_sees_a_kept_write_and_not_a_rolled_back_one(world: World) -> None:
    """The watch digests again only after a counted write: a kept update shows, a rolled-back one does not."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    watch = TableWatch(watched_tables())
    before = watch.digests()
    with CaptureQueriesContext(connection) as ctx:
        assert watch.digests() == before
    assert len(ctx.captured_queries) == 1  # only the write counters: nothing was written
    model = type(world.question)
    try:
        with transaction.atomic():
            model.objects.filter(pk=world.question.pk).update(answer="Rolled back")
            raise RuntimeError
    except RuntimeError:
        pass
    assert watch.digests() == before
    model.objects.filter(pk=world.question.pk).update(answer="Kept")
    after = watch.digests()
    assert [t for t in watch.tables if before[t] != after[t]] == ["procurement_question"]
