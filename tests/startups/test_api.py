"""The registry API under /api/v1/: every persona on every endpoint, the error format, query counts."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from rest_framework.test import APIClient

from govtech.accounts.models import Membership, User
from startups.models import CpvCode, Sector, Supplier, Technology
from tests.startups.conftest import ALL_PERSONAS
from tests.startups.factories import ReferenceFactory, SanctionFactory, SolutionFactory, SupplierFactory
from tests.startups.identifiers import valid_identifier

pytestmark = pytest.mark.django_db


def api(user: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_ACCEPT_LANGUAGE="en")  # errors come in the caller's language; assert the source
    if getattr(user, "is_authenticated", False):
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize("persona_name", ALL_PERSONAS)
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/suppliers/",
        "/api/v1/solutions/",
        "/api/v1/references/",
        "/api/v1/sectors/",
        "/api/v1/technologies/",
        "/api/v1/cpv-codes/?under=72000000",
    ],
)
def test_everyone_reads_the_public_lists(team: Supplier, persona: Any, persona_name: str, path: str) -> None:
    SolutionFactory(supplier=team)
    ReferenceFactory(supplier=team)
    assert api(persona(persona_name)).get(path).status_code == 200


def test_the_supplier_list_has_no_n_plus_one(django_assert_num_queries: Any) -> None:
    for _ in range(6):
        supplier = SupplierFactory()
        SolutionFactory(supplier=supplier)
        ReferenceFactory(supplier=supplier)
    # count, the page's ids, its rows: a row carries its sectors, technologies, codes and sanctions itself, and
    # shows no solutions or references (#19)
    with django_assert_num_queries(3):
        response = api(None).get("/api/v1/suppliers/")
    assert response.json()["count"] == 6
    assert "solutions" not in response.json()["results"][0]
    with django_assert_num_queries(2):  # a search: its page's ids and its count in one query, then the rows
        assert api(None).get("/api/v1/suppliers/", {"q": supplier.legal_name}).json()["count"] >= 1
    # the detail still shows them
    detail = api(None).get(f"/api/v1/suppliers/{supplier.pk}/").json()
    assert [s["name"] for s in detail["solutions"]] == [supplier.solutions.get().name]
    assert len(detail["references"]) == 1


def test_a_list_row_shows_the_classification_and_sanction_its_detail_shows(team: Supplier) -> None:
    """The list reads sectors, technologies and codes as arrays in its rows' query, the detail through its relations:
    the same values in the same order, and a sanction in force (not an ended one) marks both as debarred."""
    sectors = list(Sector.objects.order_by("-position", "-slug")[:3])  # set in another order than shown
    technologies = list(Technology.objects.order_by("-slug")[:2])
    team.sectors.set(sectors)
    team.technologies.set(technologies)
    team.cpv_codes.set(CpvCode.objects.filter(code__in=["72212000", "45000000"]))
    SanctionFactory(supplier=team, starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2021, 1, 1))
    fields = ["sectors", "technologies", "cpv_codes", "is_debarred"]

    def shown(**search: str) -> tuple[dict[str, Any], dict[str, Any]]:
        rows = api(None).get("/api/v1/suppliers/", {"country": team.country, **search}).json()["results"]
        row = next(r for r in rows if r["slug"] == team.slug)
        detail = api(None).get(f"/api/v1/suppliers/{team.pk}/").json()
        return {f: row[f] for f in fields}, {f: detail[f] for f in fields}

    row, detail = shown()
    assert row == detail
    assert row["sectors"] == [s.slug for s in sorted(sectors, key=lambda s: (s.position, s.slug))]
    assert row["technologies"] == sorted(t.slug for t in technologies)
    assert row["cpv_codes"] == ["45000000", "72212000"]
    assert row["is_debarred"] is False  # the sanction ended in 2021
    SanctionFactory(supplier=team, starts_on=datetime.date(2024, 1, 1))
    for search in ({}, {"q": team.legal_name}):  # a list page, and a ranked search's page
        row, detail = shown(**search)
        assert row == detail
        assert row["is_debarred"] is True


def test_search_and_filters_work_through_the_api(team: Supplier) -> None:
    Supplier.objects.filter(pk=team.pk).update(pitch_es="Salud digital")
    from startups.services import supplier_reindex

    supplier_reindex(team)
    data = api(None).get("/api/v1/suppliers/", {"q": "salud", "country": "CO"}).json()
    assert [s["slug"] for s in data["results"]] == [team.slug]
    bad = api(None).get("/api/v1/suppliers/", {"cpv": "nope"})
    assert bad.status_code == 400
    assert "cpv" in bad.json()["error"]["fields"]


@pytest.mark.parametrize("persona_name", ALL_PERSONAS)
def test_a_hidden_supplier_is_a_404(team: Supplier, persona: Any, persona_name: str) -> None:
    Supplier.objects.filter(pk=team.pk).update(verification_status=Supplier.Verification.PENDING)
    response = api(persona(persona_name)).get(f"/api/v1/suppliers/{team.pk}/")
    visible = persona_name in {"admin", "auditor", "supplier_owner", "supplier_member"}
    assert response.status_code == (200 if visible else 404)


def test_registering_through_the_api(outsider: User) -> None:
    response = api(outsider).post(
        "/api/v1/suppliers/",
        {
            "legal_name": "Tech Uruguay SRL",
            "country": "UY",
            "identifier": valid_identifier("UY", 4),
            "sectors": ["participation"],
            "cpv_codes": ["72000000"],
            "regions_served": ["UY", "UY-MO"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["identifier_scheme"] == "UY-RUT"
    assert body["sectors"] == ["participation"]
    assert body["verification_status"] == "pending"


def test_api_errors_use_the_single_error_format(team: Supplier, outsider: User) -> None:
    wrong = api(outsider).post(
        "/api/v1/suppliers/", {"legal_name": "X", "country": "AR", "identifier": "30-71024269-0"}, format="json"
    )
    assert wrong.status_code == 400
    assert wrong.json()["error"]["fields"]["identifier"][0].startswith("Legal identifier: this is not a valid CUIT")
    duplicate = api(outsider).post(
        "/api/v1/suppliers/", {"legal_name": "X", "country": "CO", "identifier": team.identifier}, format="json"
    )
    assert duplicate.status_code == 409
    assert duplicate.json()["error"]["code"] == "already_registered"
    assert duplicate.json()["error"]["message"] == "This organisation is already registered. You can ask to join it."
    missing = api(outsider).post("/api/v1/suppliers/", {}, format="json")
    assert set(missing.json()["error"]["fields"]) == {"legal_name", "country", "identifier"}


def denied(persona_name: str) -> int:
    """Refused: 401 (with a WWW-Authenticate challenge) for anonymous callers, 403 for signed-in ones."""
    return 401 if persona_name == "anonymous" else 403


@pytest.mark.parametrize("persona_name", ALL_PERSONAS)
def test_only_owners_update_a_supplier(team: Supplier, persona: Any, persona_name: str) -> None:
    response = api(persona(persona_name)).patch(
        f"/api/v1/suppliers/{team.pk}/", {"pitch_en": "New pitch"}, format="json"
    )
    expected = {"supplier_owner": 200}.get(persona_name, denied(persona_name))  # site roles edit no organisation
    assert response.status_code == expected
    assert (Supplier.objects.get(pk=team.pk).pitch_en == "New pitch") == (expected == 200)


@pytest.mark.parametrize("persona_name", ALL_PERSONAS)
def test_only_admins_record_verification_decisions(team: Supplier, persona: Any, persona_name: str) -> None:
    response = api(persona(persona_name)).post(
        f"/api/v1/suppliers/{team.pk}/verification/", {"status": "suspended", "reason": "Revisión"}, format="json"
    )
    assert response.status_code == (200 if persona_name == "admin" else denied(persona_name))


def test_a_verification_without_reason_is_a_field_error(team: Supplier, admin: User) -> None:
    response = api(admin).post(f"/api/v1/suppliers/{team.pk}/verification/", {"status": "rejected"}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()["error"]["fields"]
    illegal = api(admin).post(f"/api/v1/suppliers/{team.pk}/verification/", {"status": "pending"}, format="json")
    assert illegal.status_code == 403  # going back to pending is the owners' resubmission; site roles edit nothing


@pytest.mark.parametrize("persona_name", ALL_PERSONAS)
def test_solutions_are_written_by_owners_only(team: Supplier, persona: Any, persona_name: str) -> None:
    client = api(persona(persona_name))
    created = client.post(
        "/api/v1/solutions/",
        {"supplier": team.slug, "name": "Portal", "trl": 6, "pricing_model": "licence"},
        format="json",
    )
    allowed = persona_name == "supplier_owner"
    assert created.status_code == (201 if allowed else denied(persona_name))
    solution = SolutionFactory(supplier=team)
    patched = client.patch(f"/api/v1/solutions/{solution.pk}/", {"trl": 9}, format="json")
    assert patched.status_code == (200 if allowed else denied(persona_name))
    deleted = client.delete(f"/api/v1/solutions/{solution.pk}/")
    assert deleted.status_code == (204 if allowed else denied(persona_name))


def test_bad_solution_input_is_a_field_error(team: Supplier, supplier_owner: User) -> None:
    response = api(supplier_owner).post(
        "/api/v1/solutions/", {"supplier": team.slug, "name": "X", "trl": 10, "pricing_model": "gratis"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"trl", "pricing_model"}


@pytest.mark.parametrize("persona_name", ALL_PERSONAS)
def test_references_are_written_by_owners_only(team: Supplier, persona: Any, persona_name: str) -> None:
    response = api(persona(persona_name)).post(
        "/api/v1/references/",
        {
            "supplier": team.slug,
            "public_body_name": "Ministerio TIC",
            "year": 2024,
            "description": "Datos abiertos",
        },
        format="json",
    )
    assert response.status_code == (201 if persona_name == "supplier_owner" else denied(persona_name))


@pytest.mark.parametrize("persona_name", ALL_PERSONAS)
def test_memberships_are_listed_to_the_team_only(
    team: Supplier, persona: Any, persona_name: str, supplier_member: User
) -> None:
    response = api(persona(persona_name)).get("/api/v1/memberships/")
    if persona_name == "anonymous":
        assert response.status_code == 401
        return
    emails = {m["email"] for m in response.json()["results"]}
    sees_team = persona_name in {"admin", "supplier_owner", "supplier_member"}
    assert (supplier_member.email in emails) == sees_team


def test_invite_join_and_decide_through_the_api(team: Supplier, supplier_owner: User, outsider: User) -> None:
    invited = api(supplier_owner).post(
        "/api/v1/memberships/", {"supplier": team.slug, "email": "dev@datos.co"}, format="json"
    )
    assert invited.status_code == 201
    assert invited.json()["status"] == "invited"
    refused = api(outsider).post("/api/v1/memberships/", {"supplier": team.slug, "email": "x@datos.co"}, format="json")
    assert refused.status_code == 403
    joined = api(outsider).post("/api/v1/memberships/join/", {"supplier": team.slug}, format="json")
    assert joined.status_code == 201
    decided = api(supplier_owner).post(
        f"/api/v1/memberships/{joined.json()['id']}/decision/", {"approve": True}, format="json"
    )
    assert decided.status_code == 200
    assert decided.json()["status"] == "active"


def test_the_last_owner_is_a_conflict_through_the_api(team: Supplier, supplier_owner: User) -> None:
    own = Membership.objects.get(user=supplier_owner, organisation=team.organisation)
    response = api(supplier_owner).delete(f"/api/v1/memberships/{own.pk}/")
    assert response.status_code == 409
    assert "last owner" in response.json()["error"]["message"]


def test_cpv_codes_list_descendants_and_search() -> None:
    data = api(None).get("/api/v1/cpv-codes/", {"under": "72200000", "page_size": 100}).json()
    assert all(c["code"].startswith("722") for c in data["results"])
    assert data["count"] > 10
    found = api(None).get("/api/v1/cpv-codes/", {"q": "software"}).json()
    assert found["count"] > 0
    assert api(None).get("/api/v1/cpv-codes/72000000/").json()["code_with_check_digit"] == "72000000-5"


def test_the_reference_lists_are_read_only(admin: User) -> None:
    assert api(admin).post("/api/v1/sectors/", {"slug": "x"}, format="json").status_code == 405
    sectors = api(None).get("/api/v1/sectors/").json()
    assert "health" in {s["slug"] for s in sectors}


def test_the_schema_documents_the_registry() -> None:
    response = api(None).get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"/api/v1/suppliers/" in response.content
