"""seed_scale: realistic, multilingual data in bulk, valid identifiers, runnable twice, sealed applications."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from govtech.accounts.models import Organisation
from procurement.applications.models import Application, CallOpening
from procurement.bodies.models import PublicBody
from procurement.calls.models import Call
from procurement.challenges.models import Challenge
from startups.identifiers import normalise_identifier
from startups.models import PublicReference, Solution, Supplier

pytestmark = [pytest.mark.django_db, pytest.mark.benchmark]


def _seed(**counts: int) -> str:
    out = io.StringIO()
    args = [f"--{k}={v}" for k, v in counts.items()]
    call_command("seed_scale", *args, stdout=out)
    return out.getvalue()


def test_seed_scale_writes_realistic_varied_data_and_reports_counts() -> None:
    out = _seed(suppliers=300, bodies=12, calls=80, applications=500)
    last = out.strip().splitlines()[-1]
    assert last.startswith("bodies=12 suppliers=300 calls=80 applications=500 seconds=")

    suppliers = Supplier.objects.all()
    assert suppliers.count() == 300
    assert len(set(suppliers.values_list("country", flat=True))) >= 4
    assert len(set(suppliers.values_list("size_class", flat=True))) >= 3
    assert set(suppliers.values_list("verification_status", flat=True)) >= {"verified", "pending"}
    # Identifiers carry valid check digits for their country (python-stdnum), and are unique.
    for supplier in suppliers.exclude(identifier_scheme="XX-LOCAL")[:100]:
        assert normalise_identifier(supplier.country, supplier.identifier) == (
            supplier.identifier_scheme,
            supplier.identifier,
        )
    # Three languages of text, stored search vectors, CPV codes, solutions and references.
    assert suppliers.exclude(description_es="").exists()
    assert suppliers.exclude(description_pt="").exists()
    assert suppliers.exclude(description_en="").exists()
    assert not suppliers.filter(search_es__isnull=True).exists()
    assert Supplier.cpv_codes.through.objects.count() >= 300
    assert Solution.objects.count() >= 300
    assert PublicReference.objects.exists()

    assert PublicBody.objects.filter(verification_status="verified").count() == 12
    calls = Call.objects.all()
    assert calls.count() == 80
    assert Challenge.objects.exists()
    assert len(set(calls.values_list("status", flat=True))) >= 5
    assert len(set(calls.values_list("language", flat=True))) >= 2
    assert not calls.filter(search_vector__isnull=True).exists()
    # Applications: one per supplier and call (the constraint would refuse a second), never to a draft call.
    assert Application.objects.count() == 500
    assert not Application.objects.filter(call__status=Call.Status.DRAFT).exists()
    # Calls whose deadline passed are opened; open calls stay sealed.
    assert CallOpening.objects.exists()
    assert not CallOpening.objects.filter(call__status=Call.Status.PUBLISHED).exists()


def test_seed_scale_runs_again_on_top_of_earlier_data() -> None:
    _seed(suppliers=50, bodies=3, calls=10, applications=20)
    _seed(suppliers=50, bodies=3, calls=10, applications=20)
    assert Supplier.objects.count() == 100
    assert Organisation.objects.filter(kind=Organisation.Kind.PUBLIC_BODY).count() == 6
    assert Application.objects.count() == 40


def test_seed_scale_refuses_calls_without_bodies() -> None:
    with pytest.raises((CommandError, SystemExit)):
        _seed(suppliers=1, bodies=0, calls=5, applications=0)
    assert not Supplier.objects.exists()
