"""Legal identifiers: every listed country, valid and invalid, compact storage, scheme, uniqueness."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from govtech.core.errors import ApplicationError
from startups.identifiers import FALLBACK_SCHEME, SCHEMES, IdentifierError, normalise_identifier
from startups.models import Supplier
from startups.services import DUPLICATE_MESSAGE, DuplicateSupplier, supplier_register
from tests.accounts.factories import UserFactory
from tests.startups.identifiers import COUNTRIES, valid_identifier, with_wrong_check_digit

EXPECTED_SCHEMES = {
    "BR": "BR-CNPJ",
    "CL": "CL-RUT",
    "CO": "CO-RUE",
    "MX": "MX-RFC",
    "AR": "AR-CUIT",
    "PE": "PE-RUC",
    "UY": "UY-RUT",
    "EC": "EC-RUC",
    "ES": "ES-NIF",
    "PT": "PT-NIPC",
}
# Numbers as people type them, with separators, for each country.
FORMATTED = {
    "BR": "11.222.333/0001-81",
    "CL": "76.086.428-5",
    "CO": "900.123.456-8",
    "AR": "30-71024269-7",
    "UY": "21 100342 001 7",
    "PT": "501 442 600",
    "EC": "1792060346-001",
    "ES": "b-12345674",
}


def test_it_knows_every_listed_country() -> None:
    assert set(SCHEMES) == set(COUNTRIES)
    assert {c: SCHEMES[c].scheme for c in COUNTRIES} == EXPECTED_SCHEMES


@pytest.mark.parametrize("country", COUNTRIES)
@pytest.mark.parametrize("n", [1, 42, 987])
def test_it_accepts_valid_numbers_of_every_country(country: str, n: int) -> None:
    number = valid_identifier(country, n)
    scheme, compact = normalise_identifier(country, number)
    assert scheme == EXPECTED_SCHEMES[country]
    assert compact == number.upper()


@pytest.mark.parametrize("country", COUNTRIES)
@pytest.mark.parametrize("n", [1, 42, 987])
def test_it_refuses_a_wrong_check_digit_naming_the_field_and_format(country: str, n: int) -> None:
    number = with_wrong_check_digit(country, valid_identifier(country, n))
    with pytest.raises(IdentifierError) as caught:
        normalise_identifier(country, number)
    message = caught.value.message
    assert message.startswith("Legal identifier:")
    assert SCHEMES[country].name in message
    assert str(SCHEMES[country].format_hint) in message


@pytest.mark.parametrize("country", COUNTRIES)
@pytest.mark.parametrize("bad", ["", "abc", "12", "0000000000000000000000"])
def test_it_refuses_malformed_numbers(country: str, bad: str) -> None:
    with pytest.raises(IdentifierError):
        normalise_identifier(country, bad)


@pytest.mark.parametrize(("country", "typed"), sorted(FORMATTED.items()))
def test_it_stores_the_compact_form(country: str, typed: str) -> None:
    _scheme, compact = normalise_identifier(country, typed)
    assert compact.isalnum()
    assert compact == compact.upper()


def test_the_fallback_scheme_tidies_numbers_of_other_countries() -> None:
    assert normalise_identifier("US", " 12-345 6789 ") == (FALLBACK_SCHEME, "123456789")
    with pytest.raises(IdentifierError):
        normalise_identifier("US", "!")


@pytest.mark.django_db
@pytest.mark.parametrize("country", COUNTRIES)
def test_a_supplier_registers_with_a_real_format_identifier_of_each_country(country: str) -> None:
    owner = UserFactory()
    supplier = supplier_register(
        actor=owner, legal_name=f"Empresa {country}", country=country, identifier=valid_identifier(country, 7)
    )
    assert supplier.identifier_scheme == EXPECTED_SCHEMES[country]
    assert supplier.organisation.memberships.get().user == owner


@pytest.mark.django_db
def test_a_duplicate_is_refused_with_the_way_to_ask_to_join() -> None:
    first = supplier_register(
        actor=UserFactory(), legal_name="Primera", country="CL", identifier=valid_identifier("CL", 3)
    )
    formatted = valid_identifier("CL", 3)
    formatted = f"{formatted[:2]}.{formatted[2:5]}.{formatted[5:8]}-{formatted[8:]}"
    with pytest.raises(DuplicateSupplier) as caught:
        supplier_register(actor=UserFactory(), legal_name="Segunda", country="CL", identifier=formatted)
    assert caught.value.message == str(DUPLICATE_MESSAGE)
    assert caught.value.extra == {"supplier": first.slug}
    assert caught.value.status_code == 409
    assert Supplier.objects.count() == 1


@pytest.mark.django_db
def test_the_database_refuses_a_second_record_with_the_same_scheme_and_number() -> None:
    from tests.startups.factories import SupplierFactory

    SupplierFactory(identifier="9001234567")
    with pytest.raises(IntegrityError):
        SupplierFactory(identifier="9001234567")


@pytest.mark.django_db
def test_a_wrong_identifier_leaves_nothing_behind() -> None:
    from govtech.accounts.models import Organisation

    with pytest.raises(ApplicationError) as caught:
        supplier_register(actor=UserFactory(), legal_name="X", country="BR", identifier="11.222.333/0001-00")
    assert caught.value.field == "identifier"
    assert not Organisation.objects.exists()
