"""Deep pages are read by id first (a deferred join) and hold exactly the rows, in the order, of a plain page."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.db.models.functions import Upper
from django.test import Client
from django.test.utils import CaptureQueriesContext

from govtech.core.pagination import DEEP_OFFSET, DeferredJoinPaginator
from startups.models import CpvCode

pytestmark = pytest.mark.django_db


def test_every_page_matches_the_plain_paginator() -> None:
    qs = CpvCode.objects.order_by("-label_en", "code")  # an order that is not the primary key's
    assert qs.count() > 5 * DEEP_OFFSET  # the CPV list, loaded by a migration
    fast, plain = DeferredJoinPaginator(qs, 25, orphans=3), Paginator(qs, 25, orphans=3)
    for number in (1, DEEP_OFFSET // 25, DEEP_OFFSET // 25 + 1, 150, fast.num_pages):
        assert [c.code for c in fast.page(number)] == [c.code for c in plain.page(number)], number
    last = fast.page(fast.num_pages)
    assert last.has_next() is False
    assert len(last) == len(plain.page(plain.num_pages))


def test_a_deep_page_reads_ids_then_rows_and_a_shallow_page_one_query() -> None:
    qs = CpvCode.objects.order_by("code")
    paginator = DeferredJoinPaginator(qs, 25)
    paginator.count  # noqa: B018 - counted once, before the pages
    with CaptureQueriesContext(connection) as shallow:
        list(paginator.page(2))
    with CaptureQueriesContext(connection) as deep:
        rows = list(paginator.page(100))
    assert len(shallow) == 1
    assert len(deep) == 2
    assert deep[0]["sql"].startswith('SELECT "startups_cpvcode"."code" AS "pk" FROM')
    assert "OFFSET 2475" in deep[0]["sql"]
    assert [r.code for r in rows] == list(qs.values_list("code", flat=True)[2475:2500])


def test_the_api_serves_deep_pages_in_order(client: Client) -> None:
    deep = client.get("/api/v1/cpv-codes/", {"page": 200}).json()
    codes = [row["code"] for row in deep["results"]]
    assert len(codes) == 25
    assert codes == sorted(codes)
    assert codes == list(CpvCode.objects.order_by("code").values_list("code", flat=True)[4975:5000])


def test_rows_are_read_by_id_from_their_own_queryset_in_the_lists_order() -> None:
    """``rows``: the list gives the page's ids (and its order), the rows come from ``rows`` (what a row shows, and
    whom it may be shown to): a row ``rows`` does not hold is left out, never read from the list instead."""
    qs = CpvCode.objects.order_by("-label_en", "code")
    rows = CpvCode.objects.annotate(shown=Upper("label_en")).exclude(code=qs[1].code)  # one row no longer visible
    plain = Paginator(qs, 25)
    paginator = DeferredJoinPaginator(qs, 25, rows=rows)
    for number in (1, 2, DEEP_OFFSET // 25 + 1):
        with CaptureQueriesContext(connection) as queries:
            page = list(paginator.page(number))
        expected = [c for c in plain.page(number) if c.code != qs[1].code]
        assert [c.code for c in page] == [c.code for c in expected], number
        assert all(c.shown == c.label_en.upper() for c in page)
        assert len(queries) <= 3  # (the count once), the page's ids, its rows
    assert len(list(paginator.page(1))) == 24


@pytest.mark.parametrize(
    "path",
    ["/en/suppliers/", "/api/v1/suppliers/", "/en/opportunities/", "/api/v1/calls/", "/en/opportunities/challenges/"],
)
def test_a_word_nothing_matches_is_searched_once_not_counted_again(client: Client, path: str) -> None:
    """A ranked page brings its count with its rows; when its first page is empty nothing matched, and the count
    (0) needs no second search (#19: 294 of the benchmark's 1,000 words find no supplier at 100,000, 365 no open
    call). Past the end, a page is still counted (the last page, or the API's 404)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, {"q": "zzyzxnothing"})
    assert response.status_code == 200
    searches = [q["sql"] for q in ctx.captured_queries if "@@" in q["sql"]]
    assert len(searches) == 1 + path.endswith("/opportunities/"), searches  # (and the challenges it finds)
    assert not [sql for sql in searches if "COUNT(*)" in sql]
    shown = response.json()["count"] if path.startswith("/api/") else response.context["page"].paginator.count
    assert shown == 0
    assert client.get(path, {"q": "zzyzxnothing", "page": "3"}).status_code == (404 if "/api/" in path else 200)
