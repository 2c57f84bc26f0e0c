"""The hot queries use their indexes at a moderate scale (asserted on PostgreSQL's query plans)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from procurement.applications.models import Application
from procurement.calls.models import Call
from procurement.search import text_search
from startups.models import Supplier
from startups.textsearch import search_filter

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderate_scale() -> None:
    call_command(
        "seed_scale", "--suppliers=2500", "--bodies=40", "--calls=600", "--applications=3000", stdout=io.StringIO()
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _plan(qs: object) -> str:
    return qs.explain()  # type: ignore[attr-defined,no-any-return]


def test_hot_queries_use_their_indexes(moderate_scale: None) -> None:
    # Directory search: the stored, GIN-indexed vectors.
    word = Supplier.objects.exclude(pitch_es="").values_list("pitch_es", flat=True).first().split()[0]  # type: ignore[union-attr]
    plan = _plan(Supplier.objects.public().filter(search_filter(word)))
    assert "supplier_search_" in plan, plan
    # ... the listed profiles' own (partial) indexes for the public, not the full ones intersected with the
    # verified rows of supplier_status_country (migration startups 0008, #19)
    assert "_listed" in plan, plan
    assert "supplier_status_country" not in plan, plan
    # Opportunities search: the call's stored vector.
    title_word = Call.objects.filter(language="es").values_list("title", flat=True).first().split()[0]  # type: ignore[union-attr]
    plan = _plan(text_search(Call.objects.public(), title_word))
    assert "call_search_gin" in plan, plan
    # Open calls by deadline: the (status, deadline) index.
    plan = _plan(Call.objects.filter(status=Call.Status.PUBLISHED).order_by("submission_deadline")[:20])
    assert "call_status_deadline" in plan, plan
    # The seal's count of submissions per call: the (call, status) index.
    call = Call.objects.filter(applications__isnull=False).first()
    assert call is not None
    plan = _plan(Application.objects.filter(call=call).submitted())
    assert "applications_application_call_id" in plan or ("applicatio" in plan and "Index" in plan), plan


def test_default_list_orders_read_an_index_and_stop_at_a_page(moderate_scale: None) -> None:
    """The API's and the directory's default orders walk an index instead of sorting every public row."""
    plan = _plan(Supplier.objects.public().order_by("legal_name")[:25])
    assert "supplier_status_name" in plan, plan
    assert "Sort" not in plan.split("supplier_status_name")[0], plan
    plan = _plan(Call.objects.public().order_by("submission_deadline", "pk")[:25])
    assert "call_deadline_id" in plan, plan


def test_a_deep_page_reads_its_ids_from_the_index_alone(moderate_scale: None) -> None:
    """The deferred join's first step (``govtech.core.pagination``): the page's ids in the default order come
    from the index that holds (status, name, id), without a sort and without reading the table."""
    from django.contrib.auth.models import AnonymousUser

    from startups import selectors

    ids = selectors.supplier_list(user=AnonymousUser()).values_list("pk", flat=True)[1000:1025]
    plan = _plan(ids)
    assert "Index Only Scan using supplier_status_name" in plan, plan
    assert "Sort" not in plan, plan
