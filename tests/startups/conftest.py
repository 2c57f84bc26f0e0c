"""Registry fixtures: supplier profiles on the persona organisations, and tiny valid files."""

from __future__ import annotations

from typing import Any

import pytest

from govtech.accounts.models import Organisation
from startups.models import Supplier
from tests.startups.factories import SupplierFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def supplier(supplier_org: Organisation) -> Supplier:
    """The verified profile of ``supplier_org`` (owned by ``supplier_owner``, with ``supplier_member``)."""
    return SupplierFactory(organisation=supplier_org, legal_name="Datos Abiertos SAS")


@pytest.fixture
def other_supplier(other_supplier_org: Organisation) -> Supplier:
    """The verified profile of the ``outsider``'s organisation."""
    return SupplierFactory(
        organisation=other_supplier_org,
        legal_name="Otra Startup Ltda",
        country="BR",
        identifier_scheme="BR-CNPJ",
        identifier="11222333000181",
    )


@pytest.fixture
def team(supplier: Supplier, supplier_owner: Any, supplier_member: Any) -> Supplier:
    return supplier


ALL_PERSONAS = [
    "admin",
    "editor",
    "publisher",
    "auditor",
    "officer",
    "evaluator",
    "approver",
    "supplier_owner",
    "supplier_member",
    "outsider",
    "anonymous",
]


@pytest.fixture(autouse=True)
def _english() -> Any:
    """Assertions read the English source strings, whichever catalogues are compiled."""
    from django.utils import translation

    with translation.override("en"):
        yield
