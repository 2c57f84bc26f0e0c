"""Pages show names, not codes: criteria, sectors, CPV codes, feeds' categories (docs/accessibility-and-languages.md)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from govtech.accounts.models import Membership
from procurement.calls.criteria import criterion_label
from procurement.calls.models import Call
from recommendations.tags import tag_label
from startups.models import Sector
from tests.accounts.factories import UserFactory
from tests.procurement.factories import make_indexed_call, verified_body


def test_standard_criteria_get_their_label_and_written_names_stay() -> None:
    with translation.override("es"):
        assert [criterion_label(n) for n in ("impact", "team", "price")] == ["Impacto", "Equipo", "Precio"]
        assert criterion_label("Calidad técnica") == "Calidad técnica"
    with translation.override("pt-br"):
        assert criterion_label("team") == "Equipe"


def test_catalogue_tags_by_label() -> None:
    with translation.override("es"):
        assert tag_label("open-data") == "datos abiertos"
    assert tag_label("some-new-tag") == "some new tag"


@pytest.mark.django_db
def test_the_call_page_shows_names_money_and_countries_in_the_page_language(client: Any, public_body: Any) -> None:
    verified_body(public_body)
    Sector.objects.get_or_create(
        slug="urban-services",
        defaults={"name_en": "Urban services", "name_es": "Servicios urbanos", "name_pt": "Serviços urbanos"},
    )
    call = make_indexed_call(
        public_body,
        sectors=["urban-services"],
        criteria=[{"name": "impact", "weight": 70}, {"name": "price", "weight": 30}],
        eligible_countries=["BR"],
        budget=Decimal("350000000"),
        currency="COP",
    )
    html = client.get(f"/es/opportunities/calls/{call.pk}/").content.decode()
    assert "Servicios urbanos" in html
    assert "urban-services" not in html.replace('value="urban-services"', "")
    assert ">Impacto<" in html
    assert ">impact<" not in html
    assert "Brasil" in html
    assert "350.000.000\xa0COP" in html


@pytest.mark.django_db
def test_an_officer_who_cannot_decide_gets_the_approvers_names_not_a_link_to_a_403(
    client: Any, public_body: Any
) -> None:
    verified_body(public_body)
    officer, approver = UserFactory(), UserFactory(full_name="Álvaro Aprobador")
    Membership.objects.create(user=officer, organisation=public_body, role=Membership.Role.OFFICER)
    Membership.objects.create(user=approver, organisation=public_body, role=Membership.Role.APPROVER)
    call = make_indexed_call(public_body, status=Call.Status.CLOSED)
    client.force_login(officer)
    html = client.get(f"/en/opportunities/manage/calls/{call.pk}/").content.decode()
    assert f"/awards/calls/{call.pk}/decide/" not in html
    assert "Álvaro Aprobador" in html
    client.force_login(approver)
    html = client.get(f"/en/opportunities/manage/calls/{call.pk}/").content.decode()
    assert f"/awards/calls/{call.pk}/decide/" in html
