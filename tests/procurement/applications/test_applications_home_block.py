"""The home page shows a supplier's people their applications to open calls, drafts first, with deadlines."""

from __future__ import annotations

import re
from typing import Any

import pytest

from procurement.applications.models import Application
from procurement.calls.models import Call
from tests.procurement.factories import make_application, make_call

pytestmark = pytest.mark.django_db
BLOCK = re.compile(r"Your applications in progress.*?</div>", re.S)


def test_a_supplier_sees_its_drafts_and_submissions_to_open_calls(
    supplier_owner: Any, supplier_org: Any, outsider: Any, client_for: Any, public_body: Any
) -> None:
    submitted = make_call(public_body, status=Call.Status.PUBLISHED, title="Ya presentada")
    drafted = make_call(public_body, status=Call.Status.PUBLISHED, title="Borrador pendiente")
    closed = make_call(public_body, status=Call.Status.CLOSED, title="Ya cerrada")
    make_application(submitted, supplier_org, by=supplier_owner)
    draft = make_application(drafted, supplier_org, by=supplier_owner, status=Application.Status.DRAFT)
    make_application(closed, supplier_org, by=supplier_owner)
    block = BLOCK.search(client_for(supplier_owner).get("/en/").content.decode())
    assert block
    text = block.group(0)
    assert text.index("Borrador pendiente") < text.index("Ya presentada")  # drafts first
    assert f'href="/en/applications/{draft.pk}/"' in text
    assert "Submission deadline" in text
    assert "Ya cerrada" not in text
    # nobody else sees it
    assert not BLOCK.search(client_for(outsider).get("/en/").content.decode())
    assert not BLOCK.search(client_for(None).get("/en/").content.decode())


def test_the_block_is_translated(supplier_owner: Any, supplier_org: Any, client_for: Any, public_body: Any) -> None:
    call = make_call(public_body, status=Call.Status.PUBLISHED)
    make_application(call, supplier_org, by=supplier_owner, status=Application.Status.DRAFT)
    page = client_for(supplier_owner).get("/es/").content.decode()
    assert "Sus postulaciones en curso" in page
