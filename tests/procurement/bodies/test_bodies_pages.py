"""Public-body pages per persona: directory, profile, proposal, review queue, members, invitation link, logo."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from govtech.accounts.models import Membership, Organisation
from procurement.bodies.models import PublicBody
from procurement.bodies.services import body_invite
from procurement.calls.models import Call
from tests.accounts.factories import MembershipFactory, PublicBodyOrganisationFactory, UserFactory
from tests.conftest import PERSONAS
from tests.procurement.bodies.test_bodies_services import PNG
from tests.procurement.factories import make_call, verified_body

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _verified_public_body(public_body: Organisation) -> PublicBody:
    """The persona's body, verified, with the officer personas' official domain."""
    body = verified_body(public_body)
    body.email_domains = body.verified_domains = ["movilidad.gov.co"]
    body.kind, body.level, body.subdivision = PublicBody.BodyKind.AGENCY, PublicBody.Level.LOCAL, "CO-DC"
    body.save()
    return body


def profile(org: Organisation) -> PublicBody:
    return PublicBody.objects.get(organisation=org)


def pending_body() -> PublicBody:
    org = PublicBodyOrganisationFactory(name="Agencia Pendiente")
    return PublicBody.objects.create(
        organisation=org, kind="agency", country="CO", level="national", email_domains=["pendiente.gov.co"]
    )


def test_the_directory_lists_verified_bodies_only_and_filters(client: Any, public_body: Organisation) -> None:
    pending_body()
    br = PublicBodyOrganisationFactory(name="Prefeitura de Recife", country="BR")
    PublicBody.objects.create(
        organisation=br, kind="municipality", country="BR", level="local", verification_status="verified"
    )
    page = client.get("/es/public-bodies/").content.decode()
    assert "Secretaría Distrital de Movilidad" in page
    assert "Prefeitura de Recife" in page
    assert "Agencia Pendiente" not in page
    filtered = client.get("/es/public-bodies/", {"country": "br"}).content.decode()
    assert "Prefeitura de Recife" in filtered
    assert "Movilidad" not in filtered
    by_kind = client.get("/es/public-bodies/", {"kind": "agency", "level": "local"}).content.decode()
    assert "Movilidad" in by_kind
    assert "Recife" not in by_kind


def test_the_profile_shows_open_calls_and_children(client: Any, public_body: Organisation) -> None:
    make_call(public_body, status=Call.Status.PUBLISHED, title="Semáforos abiertos")
    make_call(public_body, status=Call.Status.DRAFT, title="Borrador secreto")
    child_org = PublicBodyOrganisationFactory(name="Terminal de Transporte")
    PublicBody.objects.create(
        organisation=child_org,
        kind="state_company",
        country="CO",
        level="local",
        parent=profile(public_body),
        verification_status="verified",
    )
    page = client.get(f"/es/public-bodies/{public_body.slug}/").content.decode()
    assert "Semáforos abiertos" in page
    assert "Borrador secreto" not in page
    assert "Terminal de Transporte" in page


@pytest.mark.parametrize("name", PERSONAS)
def test_an_unverified_body_is_hidden_from_everyone_but_admins(name: str, persona: Any, client_for: Any) -> None:
    body = pending_body()
    response = client_for(persona(name)).get(f"/es/public-bodies/{body.slug}/")
    assert response.status_code == (200 if name == "admin" else 404)


@pytest.mark.parametrize("name", PERSONAS)
def test_the_members_page_is_for_approvers_and_admins(
    name: str, persona: Any, client_for: Any, public_body: Organisation
) -> None:
    response = client_for(persona(name)).get(f"/es/public-bodies/{public_body.slug}/members/")
    expected = 200 if name == "approver" else 302 if name == "anonymous" else 403  # site roles manage no body
    assert response.status_code == expected


@pytest.mark.parametrize("name", PERSONAS)
def test_the_review_queue_is_for_admins(name: str, persona: Any, client_for: Any) -> None:
    response = client_for(persona(name)).get("/es/public-bodies/review/")
    assert response.status_code == (200 if name == "admin" else 302 if name == "anonymous" else 403)


def test_a_user_proposes_a_body_and_an_admin_verifies_it_on_the_queue(client_for: Any, admin: Any) -> None:
    proposer = UserFactory(email="ana@medellin.gov.co")
    form = {
        "name": "Alcaldía de Medellín",
        "kind": "municipality",
        "level": "local",
        "country": "co",
        "subdivision": "CO-ANT",
        "email_domains": "medellin.gov.co, @Medellin.gov.co",
        "timezone_name": "America/Bogota",
    }
    response = client_for(proposer).post("/es/public-bodies/propose/", form)
    assert response.status_code == 302
    body = PublicBody.objects.get(organisation__name="Alcaldía de Medellín")
    assert body.email_domains == ["medellin.gov.co"]
    mine = client_for(proposer).get(response["Location"])
    assert mine.status_code == 200
    assert "Alcaldía de Medellín" in mine.content.decode()
    assert "govuk-warning-text" in mine.content.decode()
    queue = client_for(admin).get("/es/public-bodies/review/").content.decode()
    assert "Alcaldía de Medellín" in queue
    assert client_for(admin).post("/es/public-bodies/review/", {"action": "verify", "body": body.pk}).status_code == 302
    body.refresh_from_db()
    assert body.is_verified
    assert Membership.objects.get(user=proposer).status == Membership.Status.ACTIVE


def test_a_bad_proposal_shows_field_errors(client_for: Any) -> None:
    form = {
        "name": "X",
        "kind": "municipality",
        "level": "local",
        "country": "ZZ",
        "email_domains": "medellin",
        "timezone_name": "America/Bogota",
    }
    response = client_for(UserFactory()).post("/es/public-bodies/propose/", form)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert not PublicBody.objects.filter(organisation__name="X").exists()


def test_an_admin_rejects_with_a_reason_and_without_one_is_refused(client_for: Any, admin: Any) -> None:
    body = pending_body()
    client = client_for(admin)
    client.post("/es/public-bodies/review/", {"action": "reject", "body": body.pk, "reason": ""})
    body.refresh_from_db()
    assert body.verification_status == "pending"
    client.post("/es/public-bodies/review/", {"action": "reject", "body": body.pk, "reason": "Duplicada"})
    body.refresh_from_db()
    assert (body.verification_status, body.rejection_reason) == ("rejected", "Duplicada")


def test_someone_on_the_domain_asks_to_join_from_the_profile(
    client_for: Any, public_body: Organisation, approver: Any
) -> None:
    person = UserFactory(email="nueva@movilidad.gov.co")
    response = client_for(person).post(f"/es/public-bodies/{public_body.slug}/")
    assert response.status_code == 302
    m = Membership.objects.get(user=person)
    assert m.status == Membership.Status.REQUESTED
    client_for(approver).post(
        f"/es/public-bodies/{public_body.slug}/members/", {"action": "approve", "membership": m.pk}
    )
    m.refresh_from_db()
    assert m.status == Membership.Status.ACTIVE


def test_someone_off_the_domain_is_told_why(client_for: Any, public_body: Organisation, outsider: Any) -> None:
    response = client_for(outsider).post(f"/es/public-bodies/{public_body.slug}/", follow=True)
    assert "dominios oficiales" in response.content.decode() or "official domains" in response.content.decode()
    assert not Membership.objects.filter(user=outsider, organisation=public_body).exists()


def test_the_members_page_invites_changes_roles_and_keeps_the_last_approver(
    client_for: Any, public_body: Organisation, approver: Any, officer: Any
) -> None:
    client = client_for(approver)
    url = f"/es/public-bodies/{public_body.slug}/members/"
    bad = client.post(url, {"action": "invite", "email": "no-es-correo", "role": "officer"})
    assert bad.status_code == 400
    assert "govuk-error-summary" in bad.content.decode()
    client.post(url, {"action": "invite", "email": "nueva@otra.org", "role": "evaluator"})
    assert "nueva@otra.org" in client.get(url).content.decode()
    officer_m = Membership.objects.get(user=officer, organisation=public_body)
    client.post(url, {"action": "role", "membership": officer_m.pk, "role": "evaluator"})
    officer_m.refresh_from_db()
    assert officer_m.role == Membership.Role.EVALUATOR
    mine = Membership.objects.get(user=approver, organisation=public_body)
    client.post(url, {"action": "revoke", "membership": mine.pk})
    mine.refresh_from_db()
    assert mine.status == Membership.Status.ACTIVE  # the last approver stays


def test_the_invitation_link_needs_sign_in_and_accepts_once(
    client_for: Any, client: Any, public_body: Organisation, approver: Any
) -> None:
    invitee = UserFactory(email="invitada@otra.org")
    _inv, token = body_invite(actor=approver, body=profile(public_body), email=invitee.email, role="officer")
    url = f"/es/public-bodies/invitations/{token}/"
    assert client.get(url).status_code == 302  # to sign in
    signed_in = client_for(invitee)
    shown = signed_in.get(url)
    assert shown.status_code == 200
    assert 'method="post"' in shown.content.decode()
    assert client_for(UserFactory(email="otra@persona.org")).post(url).status_code == 200  # refused with a message
    assert not Membership.objects.filter(user__email="otra@persona.org").exists()
    assert signed_in.post(url).status_code == 302
    assert Membership.objects.get(user=invitee).status == Membership.Status.ACTIVE
    assert signed_in.get(url).status_code == 404
    assert client_for(invitee).get("/es/public-bodies/invitations/forged/").status_code == 404


def test_a_logo_is_uploaded_checked_and_served_safely(
    client_for: Any, client: Any, public_body: Organisation, approver: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    url = f"/es/public-bodies/{public_body.slug}/members/"
    bad = client_for(approver).post(url, {"action": "logo", "logo": SimpleUploadedFile("a.png", b"<html></html>")})
    assert bad.status_code == 400
    assert client.get(f"/es/public-bodies/{public_body.slug}/logo/").status_code == 404
    client_for(approver).post(url, {"action": "logo", "logo": SimpleUploadedFile("a.png", PNG)})
    served = client.get(f"/es/public-bodies/{public_body.slug}/logo/")
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")


def test_an_imported_body_is_claimed_from_its_page(client_for: Any, admin: Any) -> None:
    org = PublicBodyOrganisationFactory(name="Gobernación Importada")
    PublicBody.objects.create(
        organisation=org,
        kind="regional_government",
        country="CO",
        level="regional",
        email_domains=["gob.gov.co"],
        verified_domains=["gob.gov.co"],  # an administrator verified the imported domain
        imported=True,
        verification_status="verified",
    )
    person = UserFactory(email="jefe@gob.gov.co")
    page = client_for(person).get(f"/es/public-bodies/{org.slug}/").content.decode()
    assert "Reclamar" in page or "Claim" in page
    client_for(person).post(f"/es/public-bodies/{org.slug}/")
    m = Membership.objects.get(user=person)
    assert "jefe@gob.gov.co" in client_for(admin).get("/es/public-bodies/review/").content.decode()
    client_for(admin).post(
        "/es/public-bodies/review/", {"action": "confirm", "membership": m.pk, "evidence": "Decreto verificado"}
    )
    assert PublicBody.objects.get(organisation=org).claimed
    assert MembershipFactory._meta.model.objects.get(pk=m.pk).role == Membership.Role.APPROVER
