"""The demo data and the home-page block."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from govtech.accounts.models import User
from startups.models import Supplier
from tests.startups.english import en_url

pytestmark = pytest.mark.django_db


def test_the_demo_is_complete_and_idempotent() -> None:
    call_command("load_demo", stdout=io.StringIO())
    count = Supplier.objects.count()
    assert count >= 8
    assert {s.country for s in Supplier.objects.all()} >= {"CO", "BR", "CL", "MX", "AR", "PE", "UY", "ES", "PT"}
    ciudad = Supplier.objects.get(legal_name="Ciudad Datos SAS")
    assert ciudad.is_verified
    assert ciudad.solutions.exists()
    assert ciudad.references.exists()
    assert ciudad.organisation.memberships.filter(user__email="startup@demo.govtech.example").exists()
    call_command("load_demo", stdout=io.StringIO())
    assert Supplier.objects.count() == count


def test_the_demo_is_found_in_three_languages(client_for: Any) -> None:
    call_command("load_demo", stdout=io.StringIO())
    client = client_for(None)
    for query, expected in (
        ("salud", "Saúde Conectada"),
        ("saúde", "Saúde Conectada"),
        ("courts", "Justicia Ágil SL"),
        ("educacion", "Educa Andes SpA"),
    ):
        names = [s.display_name for s in client.get(en_url("startups:directory"), {"q": query}).context["page"]]
        assert expected in names, query


def test_the_home_page_shows_the_registry_block(client_for: Any, supplier_owner: User, team: Supplier) -> None:
    body = client_for(supplier_owner).get(en_url("home")).content.decode()
    assert "Govtech suppliers" in body
    assert team.display_name in body
    assert client_for(None).get(en_url("home")).status_code == 200
