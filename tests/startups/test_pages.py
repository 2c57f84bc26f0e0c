"""Every registry page for every persona, and the owners' forms end to end."""

from __future__ import annotations

from typing import Any

import pytest

from govtech.accounts.models import Membership, User
from startups.models import PublicReference, Solution, Supplier
from tests.startups.conftest import ALL_PERSONAS
from tests.startups.english import en_url
from tests.startups.identifiers import valid_identifier

pytestmark = pytest.mark.django_db

EDITORS = {"supplier_owner"}  # site roles, admin included, edit no organisation
PRIVATE = {"admin", "auditor", "supplier_owner", "supplier_member"}
ADMINS = {"admin"}
EVERYONE = set(ALL_PERSONAS)
SIGNED_IN = EVERYONE - {"anonymous"}

PAGES = [
    ("startups:directory", False, EVERYONE),
    ("startups:detail", True, EVERYONE),
    ("startups:edit", True, EDITORS),
    ("startups:logo_edit", True, EDITORS),
    ("startups:solution_new", True, EDITORS),
    ("startups:reference_new", True, EDITORS),
    ("startups:team", True, PRIVATE),
    ("startups:documents", True, PRIVATE),
    ("startups:moderation", True, ADMINS),
    ("startups:import_upload", False, ADMINS),
    ("startups:register", False, SIGNED_IN),
    ("startups:invitations", False, SIGNED_IN),
]


@pytest.mark.parametrize("persona_name", ALL_PERSONAS)
@pytest.mark.parametrize(("name", "with_slug", "allowed"), PAGES, ids=[p[0] for p in PAGES])
def test_each_persona_on_each_page(
    team: Supplier, persona: Any, client_for: Any, persona_name: str, name: str, with_slug: bool, allowed: set[str]
) -> None:
    url = en_url(name, team.slug) if with_slug else en_url(name)
    response = client_for(persona(persona_name)).get(url)
    if persona_name in allowed:
        assert response.status_code == 200
    elif persona_name == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("persona_name", ALL_PERSONAS)
def test_an_unverified_profile_is_hidden_from_outsiders(
    team: Supplier, persona: Any, client_for: Any, persona_name: str
) -> None:
    Supplier.objects.filter(pk=team.pk).update(verification_status=Supplier.Verification.PENDING)
    response = client_for(persona(persona_name)).get(en_url("startups:detail", team.slug))
    assert response.status_code == (200 if persona_name in PRIVATE else 404)


def test_registering_through_the_page(client_for: Any) -> None:
    user = User.objects.create_user("founder@startup.pe", "x" * 12)
    client = client_for(user)
    response = client.post(
        en_url("startups:register"),
        {
            "legal_name": "Andes Data SAC",
            "country": "PE",
            "identifier": valid_identifier("PE", 9),
            "year_founded": "2021",
            "innovative": "on",
        },
    )
    supplier = Supplier.objects.get(legal_name="Andes Data SAC")
    assert response.status_code == 302
    assert response["Location"] == en_url("startups:edit", supplier.slug) + "?guided=1"
    assert supplier.verification_status == Supplier.Verification.PENDING
    assert Membership.objects.get(organisation=supplier.organisation).role == Membership.Role.OWNER


def test_a_wrong_identifier_is_a_field_error_naming_the_format(client_for: Any, outsider: User) -> None:
    response = client_for(outsider).post(
        en_url("startups:register"),
        {
            "legal_name": "Mal SAS",
            "country": "CO",
            "identifier": "900.123.456-0",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["identifier"] == [
        "Legal identifier: this is not a valid NIT for Colombia. Expected format: 9 digits and a check digit, "
        "e.g. 900.123.456-8."
    ]


def test_a_duplicate_offers_to_ask_to_join(team: Supplier, client_for: Any, outsider: User) -> None:
    response = client_for(outsider).post(
        en_url("startups:register"),
        {
            "legal_name": "Copia",
            "country": "CO",
            "identifier": team.identifier,
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "This organisation is already registered" in body
    assert en_url("startups:join", team.slug) in body
    response = client_for(outsider).post(en_url("startups:join", team.slug))
    assert response.status_code == 302
    assert Membership.objects.get(user=outsider, organisation=team.organisation).status == "requested"


def test_the_owner_completes_the_profile(team: Supplier, client_for: Any, supplier_owner: User) -> None:
    client = client_for(supplier_owner)
    response = client.post(
        en_url("startups:edit", team.slug),
        {
            "legal_name": "Datos Abiertos SAS",
            "trade_name": "DatosAbiertos",
            "pitch_en": "Open data for cities",
            "employees": "60",
            "revenue_band": "lt_2m",
            "stage": "growth",
            "regions_served": "CO, co-ant, PE",
            "languages": ["es", "en"],
            "sectors": ["health", "education"],
            "technologies": ["ai"],
            "cpv_codes": "72212000, 48000000-8",
            "social_links": "https://www.linkedin.com/company/datos",
        },
    )
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.size_class == Supplier.SizeClass.MEDIUM
    assert team.regions_served == ["CO", "CO-ANT", "PE"]
    assert sorted(team.sectors.values_list("slug", flat=True)) == ["education", "health"]
    assert sorted(team.cpv_codes.values_list("code", flat=True)) == ["48000000", "72212000"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("regions_served", "CO-XXX", "is not an ISO 3166 country or subdivision code"),
        ("cpv_codes", "72212000-1", "is not in the CPV 2008 list"),
        ("year_founded", "1700", "greater than or equal to 1800"),
    ],
)
def test_bad_profile_input_is_a_field_error_and_nothing_is_saved(
    team: Supplier, client_for: Any, supplier_owner: User, field: str, value: str, message: str
) -> None:
    data = {"legal_name": "Nuevo Nombre", field: value}
    response = client_for(supplier_owner).post(en_url("startups:edit", team.slug), data)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    team.refresh_from_db()
    assert team.legal_name == "Datos Abiertos SAS"


def test_the_owner_adds_a_solution_and_a_reference(team: Supplier, client_for: Any, supplier_owner: User) -> None:
    client = client_for(supplier_owner)
    assert (
        client.post(
            en_url("startups:solution_new", team.slug),
            {
                "name": "Ventanilla Única",
                "trl": "8",
                "pricing_model": "subscription",
                "deployments": "4",
            },
        ).status_code
        == 302
    )
    assert (
        client.post(
            en_url("startups:reference_new", team.slug),
            {
                "public_body_name": "Gobernación de Antioquia",
                "year": "2024",
                "value_amount": "250000000",
                "value_currency": "cop",
                "description": "Trámites en línea",
            },
        ).status_code
        == 302
    )
    assert Solution.objects.get(supplier=team).trl == 8
    assert PublicReference.objects.get(supplier=team).value_currency == "COP"
    response = client.post(en_url("startups:solution_new", team.slug), {"name": "", "trl": "12"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"name", "trl", "pricing_model"}


def test_the_team_page_invites_and_refuses_removing_the_last_owner(
    team: Supplier, client_for: Any, supplier_owner: User
) -> None:
    client = client_for(supplier_owner)
    url = en_url("startups:team", team.slug)
    assert client.post(url, {"action": "invite", "email": "socia@datos.co", "role": "member"}).status_code == 302
    bad = client.post(url, {"action": "invite", "email": "no-es-un-correo", "role": "member"})
    assert bad.status_code == 400
    own = Membership.objects.get(user=supplier_owner, organisation=team.organisation)
    response = client.post(url, {"action": "remove", "membership": own.pk}, follow=True)
    assert "cannot lose its last owner" in response.content.decode()


def test_a_member_cannot_invite_through_the_page(team: Supplier, client_for: Any, supplier_member: User) -> None:
    response = client_for(supplier_member).post(
        en_url("startups:team", team.slug), {"action": "invite", "email": "a@b.co", "role": "owner"}
    )
    assert response.status_code == 403


def test_the_invitee_accepts_on_the_page(team: Supplier, client_for: Any, supplier_owner: User) -> None:
    from startups import services

    invitee = User.objects.create_user("inv@datos.co", "x" * 12)
    membership = services.membership_invite(actor=supplier_owner, supplier=team, email=invitee.email)
    client = client_for(invitee)
    assert "You are invited to join" in client.get(en_url("startups:invitations")).content.decode()
    client.post(en_url("startups:invitations"), {"membership": membership.pk, "action": "accept"})
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE


def test_a_duplicate_of_a_pending_profile_can_still_ask_to_join(
    team: Supplier, client_for: Any, outsider: User
) -> None:
    Supplier.objects.filter(pk=team.pk).update(verification_status=Supplier.Verification.PENDING)
    client = client_for(outsider)
    response = client.post(
        en_url("startups:register"), {"legal_name": "Copia", "country": "CO", "identifier": team.identifier}
    )
    assert en_url("startups:join", team.slug) in response.content.decode()
    response = client.post(en_url("startups:join", team.slug))
    assert response["Location"] == en_url("startups:invitations")
    assert Membership.objects.get(user=outsider, organisation=team.organisation).status == "requested"


def test_members_see_why_their_profile_was_rejected(
    team: Supplier, client_for: Any, supplier_member: User, outsider: User
) -> None:
    Supplier.objects.filter(pk=team.pk).update(
        verification_status="rejected", verification_reason="Falta el RUT actualizado"
    )
    assert (
        "Falta el RUT actualizado"
        in client_for(supplier_member).get(en_url("startups:detail", team.slug)).content.decode()
    )
    assert client_for(outsider).get(en_url("startups:detail", team.slug)).status_code == 404


def test_the_import_progress_fragment_for_htmx(admin: User, client_for: Any) -> None:
    from startups.models import ImportJob

    job = ImportJob.objects.create(
        original_name="r.csv", status=ImportJob.Status.RUNNING, total_rows=10, created_by=admin
    )
    response = client_for(admin).get(en_url("startups:import_detail", job.pk), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="import-progress"')
    assert 'hx-trigger="every 2s"' in body
