"""No N+1 anywhere in the API: every paginated list costs the same queries for 1 row as for 50.

The demo data gives every list something to show; the routes come from the URL resolver,
so a list endpoint added later is covered without writing a test for it.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.routes import ROUTES, concrete

LISTS = [route for route in ROUTES if "<" not in route and "(?P" not in route]


@pytest.fixture
def demo_data(db, django_db_blocker):
    call_command("load_demo", stdout=io.StringIO())


def _queries(client, path: str, size: int) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, {"page_size": size}, HTTP_ACCEPT="application/json")
    body = response.json() if response.status_code == 200 else {}
    rows = len(body.get("results", [])) if isinstance(body, dict) else 0
    return len(captured), rows


def test_every_list_costs_the_same_queries_whatever_its_page_size(demo_data, client_for, admin):
    """One demo load, every list: the queries for 50 rows equal those for 1 row."""
    client = client_for(admin)
    measured, problems = [], []
    for path in map(concrete, LISTS):
        _queries(client, path, 1)  # warm-up: per-process caches (content types, the session) are not the list's cost
        one, _ = _queries(client, path, 1)
        many, rows = _queries(client, path, 50)
        if rows > 1:
            measured.append(path)
            if many != one:
                problems.append(f"{path}: {one} queries for 1 row, {many} for {rows} rows")
    assert not problems, problems
    assert len(measured) >= 5, measured  # the demo data must give the lists rows, or this proves nothing
