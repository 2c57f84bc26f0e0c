"""Query counts of the pages issue 26 measured at national scale: the signed-in supplier's home page and the
body's list of received applications read what they show, a fixed number of queries whatever the rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procurement.applications import services
from procurement.applications.models import Application, ApplicationFile
from procurement.calls.models import Call
from tests.accounts.factories import SupplierOrganisationFactory
from tests.procurement.factories import make_application, make_call, pass_deadline

pytestmark = pytest.mark.django_db

# Home page of a supplier's owner, its public fragments built: session, user, each app's block and the header's
# counts (docs/operations.md, "Search at national scale"). Was 22 (a first request, before these changes): the blocks'
# prefetches the block does not show (partners, files, receipts),
# the matching block's second read of the person's suppliers, the public counts of open calls and recommendations
# (now fragments), the public bodies of someone who holds no role in one (the header's roles tell); the header's
# "needs you" count, kept for a minute once counted (12 before).
HOME_QUERIES = 11
# The received list after the opening: was 20 (each row's partners and receipts; the opener's declaration, shown
# only before the opening).
RECEIVED_QUERIES = 17


def queries(client: Any, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_a_suppliers_home_page_is_a_fixed_number_of_queries(
    supplier_owner: Any, supplier_org: Any, client_for: Any, public_body: Any
) -> None:
    client = client_for(supplier_owner)
    for n in range(3):
        call = make_call(public_body, status=Call.Status.PUBLISHED, title=f"Convocatoria {n}")
        make_application(call, supplier_org, by=supplier_owner, status=Application.Status.DRAFT)
        client.get("/es/")  # the public fragments (open calls, recommendations' count) built once, as in use
        count, page = queries(client, "/es/")
        assert f"Convocatoria {n}" in page
        assert count == HOME_QUERIES


def test_the_received_list_is_a_fixed_number_of_queries(
    officer: Any, supplier_owner: Any, client_for: Any, public_body: Any
) -> None:
    call = make_call(public_body, status=Call.Status.PUBLISHED)
    for n in range(4):
        application = make_application(call, SupplierOrganisationFactory(), by=supplier_owner)
        for name in ("oferta.pdf", "anexo.pdf")[: n % 2 + 1]:
            ApplicationFile.objects.create(application=application, name=name, size=1, content_type="application/pdf")
    pass_deadline(call)
    services.applications_open(call=call, actor=officer, declare=True)
    count, page = queries(client_for(officer), f"/es/applications/calls/{call.pk}/received/")
    assert page.count("anexo.pdf") == 2
    assert page.count("oferta.pdf") == 4
    assert count == RECEIVED_QUERIES
