"""Insiders and memberships (issue 21, findings 1, 6 (the administrator's half), 10 and 11), each tried through the
HTTP API or the pages by the persona who tried it on main, plus the services' rules.

1. An administrator joined any organisation without its consent and then read a sealed proposal.
6. Site administrators passed ``is_officer``/``is_approver`` for every body.
10. A consortium partner could be named without its consent.
11. Proposers chose their body's "official" domains (gmail.com was accepted) and they counted at once.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from govtech.accounts.models import Membership, MembershipEvent, Organisation, User
from govtech.accounts.selectors import organisations_of
from govtech.audit.models import AuditEvent
from govtech.core.errors import ApplicationError, NotAllowed
from govtech.notifications.kinds import Kind
from govtech.notifications.models import Notification
from procurement.applications import services as applications
from procurement.applications.models import ApplicationPartner
from procurement.bodies import services as bodies
from procurement.bodies.domains import is_public_webmail
from procurement.bodies.models import PublicBody
from procurement.bodies.permissions import is_approver, is_officer
from procurement.calls.models import Call
from startups import services as team
from startups.models import Supplier
from tests.accounts.factories import PASSWORD, MembershipFactory, SupplierOrganisationFactory, UserFactory
from tests.procurement.applications.applications_helpers import complete_draft, eligible, open_call
from tests.procurement.factories import call_data, make_call, verified_body

pytestmark = pytest.mark.django_db


def api(user: Any) -> APIClient:
    client = APIClient()
    if getattr(user, "is_authenticated", False):
        client.force_authenticate(user)
    return client


def page(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def rule_message(response: Any) -> str:
    return str(response.json()["error"]["message"])


@pytest.fixture
def sealed(public_body: Organisation, supplier_org: Organisation, supplier_owner: User) -> dict[str, Any]:
    """A supplier's application submitted to a published call before its deadline."""
    eligible(supplier_org)
    verified_body(public_body)
    call = open_call(public_body)
    application = complete_draft(call, supplier_owner, solution="Sensores secretos")
    applications.application_submit(application=application, actor=supplier_owner)
    return {"call": call, "application": application, "supplier": Supplier.objects.get(organisation=supplier_org)}


# --- finding 1: an administrator joins an organisation without its consent -----------------------------------


def test_admin_inviting_itself_to_a_supplier_is_refused_and_the_sealed_application_stays_hidden(
    admin: User, sealed: dict[str, Any]
) -> None:
    supplier, application = sealed["supplier"], sealed["application"]
    invited = api(admin).post(
        "/api/v1/memberships/", {"supplier": supplier.slug, "email": admin.email, "role": "owner"}, format="json"
    )
    assert invited.status_code == 403, invited.content
    assert "owner" in rule_message(invited).lower() or "propietari" in rule_message(invited).lower()
    assert not Membership.objects.filter(user=admin, organisation_id=supplier.organisation_id).exists()
    # asking to join is allowed, but only an owner decides: the administrator cannot approve its own request
    asked = api(admin).post("/api/v1/memberships/join/", {"supplier": supplier.slug}, format="json")
    assert asked.status_code == 201
    decided = api(admin).post(f"/api/v1/memberships/{asked.json()['id']}/decision/", {"approve": True}, format="json")
    assert decided.status_code == 403
    assert api(admin).post(f"/api/v1/memberships/{asked.json()['id']}/respond/", {"approve": True}).status_code in (
        403,
        409,
    )
    assert api(admin).get(f"/api/v1/applications/{application.pk}/").status_code == 404
    assert api(admin).post(f"/api/v1/applications/{application.pk}/withdraw/").status_code == 404


def test_admin_inviting_itself_through_the_team_page_is_refused(admin: User, sealed: dict[str, Any]) -> None:
    supplier = sealed["supplier"]
    response = page(admin).post(
        reverse("startups:team", args=[supplier.slug]), {"action": "invite", "email": admin.email, "role": "owner"}
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(user=admin, organisation_id=supplier.organisation_id).exists()


def test_an_invitation_counts_only_while_its_issuer_is_an_owner(supplier_org: Organisation, admin: User) -> None:
    """An invitation issued by someone who is not (or no longer) an owner carries no consent."""
    eligible(supplier_org)
    supplier = Supplier.objects.get(organisation=supplier_org)
    owner = MembershipFactory(organisation=supplier_org, role=Membership.Role.OWNER).user
    second = MembershipFactory(organisation=supplier_org, role=Membership.Role.OWNER).user
    invited = team.membership_invite(actor=second, supplier=supplier, email="nuevo@ejemplo.co")
    team.membership_remove(actor=owner, membership=Membership.objects.get(user=second, organisation=supplier_org))
    invitee = User.objects.get(email="nuevo@ejemplo.co")
    response = api(invitee).post(f"/api/v1/memberships/{invited.pk}/respond/", {"approve": True}, format="json")
    assert response.status_code == 403
    assert "consent" in rule_message(response).lower() or "consentimiento" in rule_message(response).lower()


def test_admin_inviting_itself_to_a_public_body_is_refused(admin: User, public_body: Organisation) -> None:
    body = verified_body(public_body)
    response = api(admin).post(
        f"/api/v1/public-bodies/{body.pk}/invitations/", {"email": admin.email, "role": "approver"}, format="json"
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(user=admin, organisation=public_body).exists()


# --- finding 6 (administrators): site roles hold no organisation's powers ------------------------------------


@pytest.mark.parametrize("name", ["admin", "editor", "publisher", "auditor"])
def test_site_roles_are_not_officers_or_approvers(name: str, persona: Any, public_body: Organisation) -> None:
    staff = persona(name)
    body = verified_body(public_body)
    assert not is_officer(staff, public_body.pk)
    assert not is_approver(staff, public_body.pk)
    payload = {k: (str(v) if not isinstance(v, list) else v) for k, v in call_data().items()}
    payload["body"] = public_body.pk
    assert api(staff).post("/api/v1/calls/", payload, format="json").status_code == 403
    call = make_call(public_body, status=Call.Status.IN_APPROVAL)
    assert api(staff).post(f"/api/v1/calls/{call.pk}/approve/").status_code in (403, 404)
    members = api(staff).post(
        f"/api/v1/public-bodies/{body.pk}/members/",
        {"membership": 0, "action": "role", "role": "approver"},
        format="json",
    )
    assert members.status_code in (403, 404)


def test_an_admin_learns_nothing_about_a_calls_applications(admin: User, sealed: dict[str, Any]) -> None:
    """Not an officer of the body: neither the count nor the list (the seal binds administrators too)."""
    got = api(admin).get(f"/api/v1/calls/{sealed['call'].pk}/applications/")
    assert got.status_code in (403, 404)


def test_an_admin_with_a_membership_acts_like_any_member(admin: User, public_body: Organisation) -> None:
    verified_body(public_body)
    MembershipFactory(user=admin, organisation=public_body, role=Membership.Role.OFFICER)
    assert is_officer(admin, public_body.pk)
    assert not is_approver(admin, public_body.pk)


# --- finding 6: claims of organisations nobody acts for, suspension and removal ------------------------------


def test_admin_approves_a_first_owners_claim_with_evidence_never_its_own(admin: User) -> None:
    supplier = team.supplier_register(
        actor=admin, legal_name="Importada SAS", country="CO", identifier="900.123.456-8", with_owner=False
    )
    own = api(admin).post("/api/v1/memberships/join/", {"supplier": supplier.slug}, format="json")
    assert own.status_code == 201
    refused = api(admin).post(
        f"/api/v1/memberships/{own.json()['id']}/decision/", {"approve": True, "evidence": "yo"}, format="json"
    )
    assert refused.status_code == 403
    claimant = UserFactory()
    claim = api(claimant).post("/api/v1/memberships/join/", {"supplier": supplier.slug}, format="json")
    url = f"/api/v1/memberships/{claim.json()['id']}/decision/"
    without = api(admin).post(url, {"approve": True}, format="json")
    assert without.status_code == 400
    assert without.json()["error"]["fields"].get("evidence")
    approved = api(admin).post(url, {"approve": True, "evidence": "RUT and chamber of commerce"}, format="json")
    assert approved.status_code == 200
    assert approved.json()["role"] == "owner"
    event = MembershipEvent.objects.get(membership_id=claim.json()["id"])
    assert (event.event, event.actor_id, event.evidence) == ("joined", admin.pk, "RUT and chamber of commerce")
    audit = AuditEvent.objects.get(verb="membership.claim_approved")
    assert audit.after["user_id"] == claimant.pk
    assert claimant.email not in str(audit.after)
    # once it has an owner, the administrator decides nothing more there
    other = api(UserFactory()).post("/api/v1/memberships/join/", {"supplier": supplier.slug}, format="json")
    decided = api(admin).post(
        f"/api/v1/memberships/{other.json()['id']}/decision/", {"approve": True, "evidence": "x"}, format="json"
    )
    assert decided.status_code == 403


def test_admin_suspends_a_member_with_a_reason_and_the_owners_are_told(
    admin: User, sealed: dict[str, Any], supplier_owner: User
) -> None:
    supplier_org = sealed["supplier"].organisation
    member = MembershipFactory(organisation=supplier_org, role=Membership.Role.MEMBER)
    assert api(member.user).get(f"/api/v1/applications/{sealed['application'].pk}/").status_code == 200
    url = f"/api/v1/memberships/{member.pk}/suspend/"
    assert api(admin).post(url, {}, format="json").status_code == 400
    assert api(supplier_owner).post(url, {"reason": "x"}, format="json").status_code == 403
    done = api(admin).post(url, {"reason": "Identidad suplantada"}, format="json")
    assert done.status_code == 200
    assert done.json()["status"] == "suspended"
    assert Notification.objects.filter(recipient=supplier_owner, kind=Kind.MEMBERSHIP_CHANGED).exists()
    audit = AuditEvent.objects.get(verb="membership.suspended")
    assert audit.after["reason"] == "Identidad suplantada"
    assert member.user.email not in str(audit.after) + audit.target_repr
    assert api(member.user).get(f"/api/v1/applications/{sealed['application'].pk}/").status_code == 404
    history = list(MembershipEvent.objects.filter(membership=member).values_list("event", flat=True))
    assert history == ["suspended"]
    assert supplier_org.pk in organisations_of(member.user, since=timezone.now() - datetime.timedelta(days=730))
    # an owner takes them back; an administrator cannot
    assert api(admin).post(f"/api/v1/memberships/{member.pk}/reinstate/").status_code == 403
    assert api(supplier_owner).post(f"/api/v1/memberships/{member.pk}/reinstate/").status_code == 200


def test_admin_removes_a_body_membership_with_a_reason(admin: User, public_body: Organisation, approver: User) -> None:
    body = verified_body(public_body)
    officer = MembershipFactory(organisation=public_body, role=Membership.Role.OFFICER)
    url = f"/api/v1/public-bodies/{body.pk}/members/"
    assert api(admin).post(url, {"membership": officer.pk, "action": "revoke"}, format="json").status_code == 403
    done = api(admin).post(url, {"membership": officer.pk, "action": "remove", "reason": "Cese"}, format="json")
    assert done.status_code == 200
    assert done.json()["status"] == "revoked"
    assert Notification.objects.filter(recipient=approver, kind=Kind.MEMBERSHIP_CHANGED).exists()
    assert MembershipEvent.objects.filter(membership=officer, event="left", reason="Cese").exists()


def test_first_approver_of_a_body_is_confirmed_by_an_admin_with_evidence(admin: User) -> None:
    proposer = UserFactory(email="ana@otro-dominio.co")
    body = bodies.public_body_propose(
        actor=proposer, name="Alcaldía", kind="municipality", country="CO", level="local", email_domains=["alc.gov.co"]
    )
    bodies.public_body_verify(body=body, actor=admin)
    request = Membership.objects.get(user=proposer, organisation=body.organisation)
    assert request.status == Membership.Status.REQUESTED  # not on the domain: an administrator confirms
    url = f"/api/v1/public-bodies/{body.pk}/members/"
    assert api(admin).post(url, {"membership": request.pk, "action": "confirm"}, format="json").status_code == 400
    done = api(admin).post(
        url, {"membership": request.pk, "action": "confirm", "evidence": "Decreto de nombramiento"}, format="json"
    )
    assert done.status_code == 200
    assert done.json()["status"] == "active"
    # from now on the approver consents; the administrator no longer decides requests there
    later = MembershipFactory(
        organisation=body.organisation, role=Membership.Role.OFFICER, status=Membership.Status.REQUESTED
    )
    refused = api(admin).post(url, {"membership": later.pk, "action": "confirm", "evidence": "x"}, format="json")
    assert refused.status_code == 403


def test_admin_cannot_confirm_its_own_claim_to_a_body(admin: User) -> None:
    body = bodies.public_body_propose(
        actor=admin, name="Gobernación", kind="municipality", country="CO", level="regional", email_domains=["g.gov.co"]
    )
    bodies.public_body_verify(body=body, actor=admin)
    request = Membership.objects.get(user=admin, organisation=body.organisation)
    with pytest.raises(NotAllowed):
        bodies.body_request_decide(actor=admin, membership=request, approve=True, evidence="mine")


# --- finding 10: consortium partners consent -----------------------------------------------------------------


def test_a_partner_named_without_consent_sees_nothing_until_an_owner_accepts(
    public_body: Organisation, supplier_org: Organisation, supplier_owner: User
) -> None:
    eligible(supplier_org)
    verified_body(public_body)
    call = open_call(public_body, consortia_allowed=True)
    partner_org = SupplierOrganisationFactory(name="Socia SAS")
    partner_owner = MembershipFactory(organisation=partner_org, role=Membership.Role.OWNER).user
    partner_member = MembershipFactory(organisation=partner_org, role=Membership.Role.MEMBER).user
    application = complete_draft(call, supplier_owner)
    named = api(supplier_owner).patch(
        f"/api/v1/applications/{application.pk}/",
        {"partners": [{"organisation": partner_org.pk, "role": "Sensores"}]},
        format="json",
    )
    assert named.status_code == 200, named.content
    assert api(partner_member).get(f"/api/v1/applications/{application.pk}/").status_code == 404
    submit = api(supplier_owner).post(f"/api/v1/applications/{application.pk}/submit/")
    assert submit.status_code == 400
    assert submit.json()["error"]["fields"].get("partners")
    assert "Socia SAS" in rule_message(submit)
    requests = api(partner_owner).get("/api/v1/application-partner-requests/")
    assert [r["call_title"] for r in requests.json()] == [call.title]
    assert "solution" not in requests.json()[0]
    pid = requests.json()[0]["id"]
    respond = f"/api/v1/application-partner-requests/{pid}/respond/"
    assert api(partner_member).post(respond, {"accept": True}, format="json").status_code in (403, 404)
    assert api(supplier_owner).post(respond, {"accept": True}, format="json").status_code in (403, 404)
    listing = page(partner_owner).get(reverse("applications:partner-requests"))
    assert listing.status_code == 200
    assert call.title in listing.content.decode()
    accepted = page(partner_owner).post(reverse("applications:partner-requests"), {"partner": pid, "action": "accept"})
    assert accepted.status_code == 302
    assert ApplicationPartner.objects.get(pk=pid).consent == ApplicationPartner.Consent.ACCEPTED
    assert api(partner_member).get(f"/api/v1/applications/{application.pk}/").status_code == 200
    assert api(supplier_owner).post(f"/api/v1/applications/{application.pk}/submit/").status_code in (200, 201)


def test_a_declined_partner_blocks_submission(
    public_body: Organisation, supplier_org: Organisation, supplier_owner: User
) -> None:
    eligible(supplier_org)
    verified_body(public_body)
    call = open_call(public_body, consortia_allowed=True)
    partner_org = SupplierOrganisationFactory()
    partner_owner = MembershipFactory(organisation=partner_org, role=Membership.Role.OWNER).user
    application = complete_draft(call, supplier_owner, partners=[{"organisation": partner_org.pk, "role": ""}])
    partner = ApplicationPartner.objects.get(application=application)
    applications.application_partner_respond(actor=partner_owner, partner=partner, accept=False)
    with pytest.raises(ApplicationError):
        applications.application_submit(application=application, actor=supplier_owner)
    assert AuditEvent.objects.filter(verb="application.partner_declined").exists()


# --- finding 11: official domains ----------------------------------------------------------------------------


@pytest.mark.parametrize("domain", ["gmail.com", "hotmail.com.br", "outlook.es", "yahoo.com", "uol.com.br"])
def test_public_webmail_is_refused_as_an_official_domain_through_the_api(domain: str) -> None:
    proposer = UserFactory()
    response = api(proposer).post(
        "/api/v1/public-bodies/",
        {"name": "Ministerio", "kind": "ministry", "level": "national", "country": "CO", "email_domains": [domain]},
        format="json",
    )
    assert response.status_code == 400
    assert "email_domains" in response.json()["error"]["fields"]
    assert not PublicBody.objects.exists()


def test_public_webmail_is_refused_on_the_proposal_page() -> None:
    proposer = UserFactory()
    response = page(proposer).post(
        reverse("bodies:propose"),
        {"name": "Ministerio", "kind": "ministry", "level": "national", "country": "CO", "email_domains": "gmail.com"},
    )
    assert response.status_code in (200, 400)
    assert "gmail.com" in response.content.decode()
    assert not PublicBody.objects.exists()


def test_domains_count_only_once_an_admin_verified_them(admin: User, public_body: Organisation, approver: User) -> None:
    body = verified_body(public_body)
    changed = api(approver).post(
        f"/api/v1/public-bodies/{body.pk}/domains/", {"email_domains": ["movilidad.gov.co"]}, format="json"
    )
    assert changed.status_code == 200
    assert AuditEvent.objects.filter(verb="public_body.domains_changed", actor=approver).exists()
    person = UserFactory(email="luis@movilidad.gov.co")
    join = f"/api/v1/public-bodies/{body.pk}/join/"
    assert api(person).post(join).status_code == 403  # not verified yet
    assert api(approver).post(f"/api/v1/public-bodies/{body.pk}/domains/verify/").status_code == 403
    assert api(admin).post(f"/api/v1/public-bodies/{body.pk}/domains/verify/").status_code == 200
    assert AuditEvent.objects.filter(verb="public_body.domains_verified", actor=admin).exists()
    assert api(person).post(join).status_code == 201
    # a webmail domain is refused even to an approver
    refused = api(approver).post(
        f"/api/v1/public-bodies/{body.pk}/domains/", {"email_domains": ["gmail.com"]}, format="json"
    )
    assert refused.status_code == 400


def test_changing_domains_in_the_django_admin_is_checked_and_audited(admin: User, public_body: Organisation) -> None:
    body = verified_body(public_body)
    body.email_domains = body.verified_domains = ["movilidad.gov.co"]
    body.save()
    client = Client()
    client.login(email=admin.email, password=PASSWORD)
    url = reverse("admin:procurement_publicbody_change", args=[body.pk])
    form = {
        "kind": body.kind,
        "country": body.country,
        "subdivision": body.subdivision,
        "level": body.level,
        "parent": "",
        "identifier_scheme": "",
        "identifier": "",
        "timezone": body.timezone,
    }
    refused = client.post(url, form | {"email_domains": "gmail.com"})
    assert refused.status_code == 200  # the form again, with the rule as its error
    assert "gmail.com" in refused.content.decode()
    body.refresh_from_db()
    assert body.email_domains == ["movilidad.gov.co"]
    saved = client.post(url, form | {"email_domains": "movilidad.gov.co,nuevo.gov.co"})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    body.refresh_from_db()
    assert body.email_domains == ["movilidad.gov.co", "nuevo.gov.co"]
    assert body.verified_domains == ["movilidad.gov.co"]
    assert AuditEvent.objects.filter(verb="public_body.domains_changed", actor=admin).exists()


def test_the_webmail_list() -> None:
    assert is_public_webmail("gmail.com")
    assert is_public_webmail("mail.yahoo.es")
    assert is_public_webmail("bol.com.br")
    assert not is_public_webmail("mintic.gov.co")
    assert not is_public_webmail("live.gov.co")
