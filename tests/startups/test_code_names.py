"""The registry's code lists by name: sectors, technologies, CPV codes, identifier schemes (startups.code_names)."""

from __future__ import annotations

import pytest
from django.utils import translation

from startups.code_names import cpv_labels, scheme_name, sector_names, technology_names
from startups.identifiers import IdentifierError, normalise_identifier
from startups.models import CpvCode, Sector, Technology

pytestmark = pytest.mark.django_db


def test_sectors_and_technologies_by_name() -> None:
    Sector.objects.get_or_create(
        slug="urban-services",
        defaults={"name_en": "Urban services", "name_es": "Servicios urbanos", "name_pt": "Serviços urbanos"},
    )
    Technology.objects.get_or_create(
        slug="iot",
        defaults={
            "name_en": "Internet of things",
            "name_es": "Internet de las cosas",
            "name_pt": "Internet das coisas",
        },
    )
    with translation.override("es"):
        assert sector_names(["urban-services", "unknown-slug"]) == ["Servicios urbanos", "unknown-slug"]
        assert technology_names(["iot"]) == ["Internet de las cosas"]
    with translation.override("pt-br"):
        assert sector_names(["urban-services"]) == ["Serviços urbanos"]


def test_cpv_codes_carry_their_label() -> None:
    code = CpvCode.objects.filter(code="72316000").first()
    if code is None:
        pytest.skip("the CPV list is loaded by a data migration")
    with translation.override("es"):
        (label,) = cpv_labels(["72316000"])
    assert label.startswith("72316000-")
    assert label.split(" ", 1)[1] == code.label_es


def test_identifier_schemes_by_name() -> None:
    with translation.override("es"):
        assert scheme_name("CO-RUE") == "NIT (Colombia)"
    with translation.override("en"):
        assert scheme_name("BR-CNPJ") == "CNPJ (Brazil)"


def test_an_invalid_identifier_names_the_country_in_the_page_language() -> None:
    with translation.override("pt-br"), pytest.raises(IdentifierError) as error:
        normalise_identifier("BR", "123")
    assert "Brazil" not in error.value.message
    assert "Brasil" in error.value.message
