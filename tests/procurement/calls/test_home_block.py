from __future__ import annotations

from typing import Any

import pytest

from procurement.bodies.models import PublicBody
from procurement.calls.models import Call
from tests.procurement.factories import make_call

pytestmark = pytest.mark.django_db


def test_everyone_sees_the_open_calls_closing_first(anonymous: Any, client_for: Any, public_body: Any) -> None:
    make_call(public_body, status=Call.Status.PUBLISHED, title="Cierra pronto")
    make_call(public_body, status=Call.Status.DRAFT, title="Borrador secreto")
    page = client_for(anonymous).get("/en/").content.decode()
    assert "Calls open for submissions: 1." in page
    assert "Cierra pronto" in page
    assert "Borrador secreto" not in page
    assert "Go to your workspace" not in page


def test_an_approver_sees_what_waits_for_them(approver: Any, client_for: Any, public_body: Any) -> None:
    make_call(public_body, status=Call.Status.IN_APPROVAL)
    make_call(public_body, status=Call.Status.DRAFT)
    page = client_for(approver).get("/en/").content.decode()
    assert "Calls waiting for your approval: 1" in page
    assert "Draft calls: 1" in page
    assert "/en/opportunities/manage/" in page


def test_an_officer_is_not_asked_to_approve(officer: Any, client_for: Any, public_body: Any) -> None:
    make_call(public_body, status=Call.Status.IN_APPROVAL)
    page = client_for(officer).get("/en/").content.decode()
    assert "waiting for your approval" not in page
    assert "Go to your workspace" in page


def test_suppliers_get_no_workspace(supplier_owner: Any, client_for: Any) -> None:
    assert "Go to your workspace" not in client_for(supplier_owner).get("/en/").content.decode()


def test_admins_see_the_bodies_waiting_for_verification(admin: Any, client_for: Any, public_body: Any) -> None:
    PublicBody.objects.create(organisation=public_body, kind="agency", country="CO", level="national")
    assert "Public bodies waiting for verification: 1" in client_for(admin).get("/en/").content.decode()


def test_an_officer_sees_the_calls_being_evaluated(officer: Any, client_for: Any, public_body: Any) -> None:
    make_call(public_body, status=Call.Status.CLOSED)
    make_call(public_body, status=Call.Status.IN_EVALUATION)
    make_call(public_body, status=Call.Status.AWARDED)
    page = client_for(officer).get("/en/").content.decode()
    assert "Calls closed and being evaluated: 2" in page
