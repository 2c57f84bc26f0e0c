"""CPV 2008, sectors and technologies: shipped, loaded in every database, and queried by selectors."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from startups import selectors
from startups.models import CpvCode, Sector, Supplier, Technology, size_class_for
from tests.startups.factories import SupplierFactory

pytestmark = pytest.mark.django_db


def test_every_database_has_the_whole_cpv_with_three_languages() -> None:
    assert CpvCode.objects.count() == 9454
    code = CpvCode.objects.get(code="72000000")
    assert code.check_digit == "5"
    assert code.label_es
    assert code.label_pt
    assert code.label_en
    assert CpvCode.objects.get(code="72212000").parent_id == "72210000"


def test_load_cpv_is_idempotent() -> None:
    out = io.StringIO()
    call_command("load_cpv", stdout=out)
    assert "CPV codes added: 0" in out.getvalue()


def test_the_taxonomy_is_seeded() -> None:
    assert {
        "health",
        "education",
        "mobility",
        "justice",
        "tax",
        "social-services",
        "environment",
        "urban-services",
        "participation",
        "digital-identity",
        "public-management",
    } <= set(Sector.objects.values_list("slug", flat=True))
    assert Technology.objects.filter(slug="ai").exists()


def test_descendants_follow_the_hierarchy() -> None:
    codes = set(selectors.cpv_descendants("72200000").values_list("code", flat=True))
    assert "72212000" in codes
    assert "72000000" not in codes
    assert "72200000" in codes
    assert [c.code for c in selectors.cpv_ancestors("72212000-7")] == ["72212000", "72210000", "72200000", "72000000"]


def test_labels_follow_the_active_language() -> None:
    from django.utils import translation

    code = CpvCode.objects.get(code="72000000")
    with translation.override("es"):
        assert code.label == code.label_es
    with translation.override("pt-br"):
        assert code.label == code.label_pt


def test_suppliers_for_matching_prefetch_everything(django_assert_num_queries: object) -> None:
    for _ in range(3):
        SupplierFactory().cpv_codes.set([CpvCode.objects.get(code="72212000")])
    with django_assert_num_queries(7):  # type: ignore[operator]
        suppliers = list(selectors.suppliers_for_matching())
        for s in suppliers:
            [c.code for c in s.cpv_codes.all()], list(s.sectors.all()), list(s.solutions.all())
            list(s.references.all()), list(s.technologies.all())


@pytest.mark.parametrize(
    ("employees", "band", "expected"),
    [
        (3, "", "micro"),
        (12, "", "small"),
        (120, "", "medium"),
        (900, "", "large"),
        (3, "lt_10m", "small"),
        (None, "gte_50m", "large"),
        (None, "", ""),
    ],
)
def test_the_size_class_is_derived(employees: int | None, band: str, expected: str) -> None:
    assert size_class_for(employees, band) == expected


def test_the_startup_flag_follows_the_age_limit(settings: object) -> None:
    from django.utils import timezone

    year = timezone.localdate().year
    young = SupplierFactory(year_founded=year - 3, innovative=True)
    SupplierFactory(year_founded=year - 30, innovative=True)
    SupplierFactory(year_founded=year - 1, innovative=False)
    assert list(Supplier.objects.startups()) == [young]
    settings.STARTUP_MAX_AGE_YEARS = 2  # type: ignore[attr-defined]
    assert not young.is_startup
