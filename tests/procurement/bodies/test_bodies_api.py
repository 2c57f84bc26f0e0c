"""API of public bodies: propose, verify, reject, members, invitations, join, accept; JSON errors."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from govtech.accounts.models import Membership, Organisation
from procurement.bodies.models import PublicBody
from procurement.bodies.services import body_invite
from tests.accounts.factories import PublicBodyOrganisationFactory, UserFactory
from tests.conftest import PERSONAS
from tests.procurement.factories import verified_body

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _verified_public_body(public_body: Organisation) -> PublicBody:
    """The persona's body, verified, with the officer personas' official domain."""
    body = verified_body(public_body)
    body.email_domains = body.verified_domains = ["movilidad.gov.co"]
    body.kind, body.level, body.subdivision = PublicBody.BodyKind.AGENCY, PublicBody.Level.LOCAL, "CO-DC"
    body.save()
    return body


def api(user: Any) -> APIClient:
    client = APIClient()
    if getattr(user, "is_authenticated", False):
        client.force_authenticate(user)
    return client


def pid(org: Organisation) -> int:
    return PublicBody.objects.get(organisation=org).pk


PROPOSAL = {
    "name": "Ministerio TIC",
    "kind": "ministry",
    "level": "national",
    "country": "CO",
    "email_domains": ["mintic.gov.co"],
}


def test_a_signed_in_user_proposes_and_an_admin_verifies(admin: Any) -> None:
    proposer = UserFactory(email="ana@mintic.gov.co")
    created = api(proposer).post("/api/v1/public-bodies/", PROPOSAL, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["verification_status"] == "pending"
    body_id = created.json()["id"]
    assert api(UserFactory()).get(f"/api/v1/public-bodies/{body_id}/").status_code == 404
    assert api(proposer).get(f"/api/v1/public-bodies/{body_id}/").status_code == 200  # they see their proposal
    assert api(proposer).post(f"/api/v1/public-bodies/{body_id}/verify/").status_code == 403
    verified = api(admin).post(f"/api/v1/public-bodies/{body_id}/verify/")
    assert verified.status_code == 200
    assert verified.json()["verification_status"] == "verified"
    assert api(admin).post(f"/api/v1/public-bodies/{body_id}/verify/").status_code == 409
    assert Membership.objects.get(user=proposer).status == Membership.Status.ACTIVE
    assert api(None).get(f"/api/v1/public-bodies/{body_id}/").status_code == 200


def test_bad_proposals_get_field_errors() -> None:
    client = api(UserFactory())
    bad = client.post("/api/v1/public-bodies/", PROPOSAL | {"country": "ZZ"}, format="json")
    assert bad.status_code == 400
    assert "country" in bad.json()["error"]["fields"]
    bad = client.post("/api/v1/public-bodies/", PROPOSAL | {"email_domains": []}, format="json")
    assert bad.status_code == 400
    assert "email_domains" in bad.json()["error"]["fields"]
    bad = client.post("/api/v1/public-bodies/", PROPOSAL | {"parent": 999999}, format="json")
    assert bad.status_code == 400
    assert "parent" in bad.json()["error"]["fields"]
    assert api(None).post("/api/v1/public-bodies/", PROPOSAL, format="json").status_code in (401, 403)


def test_an_admin_rejects_with_a_reason(admin: Any) -> None:
    created = api(UserFactory()).post("/api/v1/public-bodies/", PROPOSAL, format="json").json()
    url = f"/api/v1/public-bodies/{created['id']}/reject/"
    assert api(admin).post(url, {}, format="json").status_code == 400
    done = api(admin).post(url, {"reason": "No existe"}, format="json")
    assert done.status_code == 200
    assert done.json()["verification_status"] == "rejected"


@pytest.mark.parametrize("name", PERSONAS)
def test_members_are_listed_for_approvers_and_admins_only(
    name: str, persona: Any, public_body: Organisation, approver: Any
) -> None:
    response = api(persona(name)).get(f"/api/v1/public-bodies/{pid(public_body)}/members/")
    expected = 200 if name in ("admin", "approver") else 401 if name == "anonymous" else 403
    assert response.status_code == expected
    if expected == 200:
        assert approver.email in {m["email"] for m in response.json()["results"]}


def test_invite_then_accept_through_the_api(public_body: Organisation, approver: Any, officer: Any) -> None:
    url = f"/api/v1/public-bodies/{pid(public_body)}/invitations/"
    assert api(officer).post(url, {"email": "x@y.org", "role": "officer"}, format="json").status_code == 403
    bad = api(approver).post(url, {"email": "x@y.org", "role": "owner"}, format="json")
    assert bad.status_code == 400
    assert "role" in bad.json()["error"]["fields"]
    invitee = UserFactory(email="x@y.org")
    created = api(approver).post(url, {"email": "x@y.org", "role": "approver"}, format="json")
    assert created.status_code == 201
    assert created.json()["state"] == "open"
    assert "token" not in created.json()
    # the token only travels in the e-mail; here we mint one through the service to accept
    _inv, token = body_invite(
        actor=approver, body=PublicBody.objects.get(pk=pid(public_body)), email="x@y.org", role="approver"
    )
    accept = "/api/v1/public-bodies/invitations/accept/"
    assert api(officer).post(accept, {"token": token}, format="json").status_code == 403
    assert api(invitee).post(accept, {"token": "nope"}, format="json").status_code == 409
    done = api(invitee).post(accept, {"token": token}, format="json")
    assert done.status_code == 200
    assert done.json()["status"] == "active"


def test_join_by_domain_then_confirm_role_and_revoke(public_body: Organisation, approver: Any, outsider: Any) -> None:
    join = f"/api/v1/public-bodies/{pid(public_body)}/join/"
    refused = api(outsider).post(join)
    message = refused.json()["error"]["message"].lower()
    assert refused.status_code == 403
    assert "domain" in message or "dominio" in message
    person = UserFactory(email="luis@movilidad.gov.co")
    asked = api(person).post(join)
    assert asked.status_code == 201
    assert asked.json()["status"] == "requested"
    assert api(person).post(join).status_code == 409
    members = f"/api/v1/public-bodies/{pid(public_body)}/members/"
    mid = asked.json()["id"]
    assert (
        api(approver).post(members, {"membership": mid, "action": "confirm"}, format="json").json()["status"]
        == "active"
    )
    changed = api(approver).post(members, {"membership": mid, "action": "role", "role": "approver"}, format="json")
    assert changed.json()["role"] == "approver"
    mine = Membership.objects.get(user=approver, organisation=public_body).pk
    assert api(approver).post(members, {"membership": mine, "action": "revoke"}, format="json").status_code == 200
    last = api(person).post(members, {"membership": mid, "action": "revoke"}, format="json")
    assert last.status_code == 409
    assert last.json()["error"]["code"] == "conflict"


def test_unverified_bodies_do_not_take_join_requests() -> None:
    org = PublicBodyOrganisationFactory()
    body = PublicBody.objects.create(
        organisation=org, kind="agency", country="CO", level="national", email_domains=["agencia.gov.co"]
    )
    person = UserFactory(email="ana@agencia.gov.co")
    assert api(person).post(f"/api/v1/public-bodies/{body.pk}/join/").status_code == 404
