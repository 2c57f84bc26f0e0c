"""Factories for the registry's models."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from startups.models import ComplianceDocument, PublicReference, Sanction, Solution, Supplier
from tests.accounts.factories import SupplierOrganisationFactory
from tests.startups.identifiers import valid_identifier


class SupplierFactory(DjangoModelFactory):
    """A verified Colombian supplier with a valid NIT (pass ``organisation`` to attach it to a persona's org)."""

    class Meta:
        model = Supplier
        skip_postgeneration_save = True

    organisation = factory.SubFactory(SupplierOrganisationFactory)
    legal_name = factory.LazyAttribute(lambda o: o.organisation.name)
    country = "CO"
    identifier_scheme = "CO-RUE"
    identifier = factory.Sequence(lambda n: valid_identifier("CO", 5000 + n))
    year_founded = 2019
    innovative = True
    employees = 12
    size_class = Supplier.SizeClass.SMALL
    stage = Supplier.Stage.GROWTH
    pitch_es = "Software para gobiernos locales"
    verification_status = Supplier.Verification.VERIFIED

    @factory.post_generation
    def reindex(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            from startups.services import supplier_reindex

            supplier_reindex(obj)


class SolutionFactory(DjangoModelFactory):
    class Meta:
        model = Solution

    supplier = factory.SubFactory(SupplierFactory)
    name = factory.Sequence(lambda n: f"Plataforma {n}")
    description = "Gestión de trámites en línea"
    trl = 7
    pricing_model = Solution.Pricing.SUBSCRIPTION
    deployments = 3


class ReferenceFactory(DjangoModelFactory):
    class Meta:
        model = PublicReference

    supplier = factory.SubFactory(SupplierFactory)
    public_body_name = "Alcaldía de Bogotá"
    country = "CO"
    year = 2023
    value_amount = 120000000
    value_currency = "COP"
    description = "Ventanilla única de trámites"


class DocumentFactory(DjangoModelFactory):
    class Meta:
        model = ComplianceDocument

    supplier = factory.SubFactory(SupplierFactory)
    kind = ComplianceDocument.Kind.TAX_STANDING
    file = factory.django.FileField(filename="certificado.pdf", data=b"%PDF-1.4\n%test\n")
    original_name = "certificado.pdf"
    content_type = "application/pdf"
    size = 16


class SanctionFactory(DjangoModelFactory):
    class Meta:
        model = Sanction

    supplier = factory.SubFactory(SupplierFactory)
    kind = Sanction.Kind.DEBARMENT
    reason = "Incumplimiento contractual"
    starts_on = factory.LazyFunction(lambda: __import__("datetime").date(2024, 1, 1))
