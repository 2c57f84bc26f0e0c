"""Who may act for a public body: proposals, verification, invitations, joining by domain, claims, roles."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from govtech.accounts.models import Membership, Organisation, User
from govtech.accounts.roles import is_admin
from govtech.audit.models import AuditEvent
from govtech.core.errors import ApplicationError, Conflict, InvalidTransition, NotAllowed
from govtech.notifications import delivery
from govtech.notifications.kinds import Kind
from govtech.notifications.models import Notification
from procurement.bodies.models import BodyInvitation, PublicBody
from procurement.bodies.permissions import is_approver, is_body_approver, is_officer
from procurement.bodies.services import (
    LOGO_MAX_BYTES,
    MSG_NOT_ON_DOMAIN,
    body_claim,
    body_invitation_accept,
    body_invite,
    body_join_request,
    body_member_change_role,
    body_member_revoke,
    body_request_decide,
    public_body_propose,
    public_body_reject,
    public_body_set_logo,
    public_body_verify,
)
from procurement.calls.models import Call
from procurement.calls.services import call_approve, call_create, call_submit_for_approval
from procurement.challenges.models import Challenge
from procurement.challenges.services import challenge_create, challenge_transition
from tests.accounts.factories import MembershipFactory, PublicBodyOrganisationFactory, UserFactory
from tests.procurement.factories import call_data, make_call, verified_body

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def body_with_domain(org: Organisation, **extra: Any) -> PublicBody:
    body = verified_body(org)
    body.email_domains = body.verified_domains = ["movilidad.gov.co"]
    for name, value in extra.items():
        setattr(body, name, value)
    body.save()
    return body


def propose(actor: User, **overrides: Any) -> PublicBody:
    values: dict[str, Any] = {
        "name": "Alcaldía de Medellín",
        "kind": PublicBody.BodyKind.MUNICIPALITY,
        "country": "co",
        "subdivision": "CO-ANT",
        "level": PublicBody.Level.LOCAL,
        "email_domains": ["medellin.gov.co"],
        "timezone_name": "America/Bogota",
    }
    return public_body_propose(actor=actor, **(values | overrides))


def membership_of(user: User, body: PublicBody) -> Membership:
    return Membership.objects.get(user=user, organisation_id=body.organisation_id)


# --- proposing and verifying -------------------------------------------------------------


def test_a_proposed_body_is_pending_with_the_proposer_as_requested_approver(admin: User) -> None:
    proposer = UserFactory(email="ana@medellin.gov.co")
    body = propose(proposer)
    assert body.verification_status == PublicBody.Verification.PENDING
    assert body.country == "CO"
    assert body.email_domains == ["medellin.gov.co"]
    m = membership_of(proposer, body)
    assert (m.role, m.status) == (Membership.Role.APPROVER, Membership.Status.REQUESTED)
    assert Notification.objects.filter(recipient=admin, kind=Kind.JOIN_REQUEST).exists()
    assert AuditEvent.objects.filter(verb="public_body.propose").exists()
    assert not PublicBody.objects.visible_to(UserFactory()).filter(pk=body.pk).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": " "}, "name"),
        ({"kind": "castle"}, "kind"),
        ({"country": "ZZ"}, "country"),
        ({"subdivision": "CO-XXX"}, "subdivision"),
        ({"email_domains": []}, "email_domains"),
        ({"email_domains": ["not a domain"]}, "email_domains"),
        ({"timezone_name": "Mars/Olympus"}, "timezone_name"),
    ],
)
def test_bad_proposals_are_refused_with_a_field_and_nothing_written(overrides: dict[str, Any], field: str) -> None:
    before = Organisation.objects.count()
    with pytest.raises(ApplicationError) as err:
        propose(UserFactory(), **overrides)
    assert err.value.field == field
    assert Organisation.objects.count() == before


def test_on_verification_a_proposer_on_an_official_domain_becomes_active_approver(admin: User) -> None:
    proposer = UserFactory(email="ana@medellin.gov.co")
    body = propose(proposer)
    public_body_verify(body=body, actor=admin)
    assert membership_of(proposer, body).status == Membership.Status.ACTIVE
    assert Notification.objects.filter(recipient=proposer, kind=Kind.VERIFICATION_DECISION).exists()


def test_a_proposer_off_the_domains_waits_for_an_admin_to_confirm(admin: User) -> None:
    proposer = UserFactory(email="ana@gmail.com")
    body = propose(proposer)
    public_body_verify(body=body, actor=admin)
    m = membership_of(proposer, body)
    assert m.status == Membership.Status.REQUESTED
    with pytest.raises(NotAllowed):
        body_request_decide(actor=proposer, membership=m, approve=True)
    body_request_decide(actor=admin, membership=m, approve=True, evidence="Appointment letter checked")
    assert membership_of(proposer, body).status == Membership.Status.ACTIVE


def test_an_unverified_address_on_the_domain_does_not_count(admin: User) -> None:
    proposer = UserFactory(email="ana@medellin.gov.co", verified=False)
    body = propose(proposer)
    public_body_verify(body=body, actor=admin)
    assert membership_of(proposer, body).status == Membership.Status.REQUESTED


def test_only_admins_verify_or_reject(officer: User, approver: User) -> None:
    body = propose(UserFactory())
    for actor in (officer, approver, body.proposed_by):
        with pytest.raises(NotAllowed):
            public_body_verify(body=body, actor=actor)
        with pytest.raises(NotAllowed):
            public_body_reject(body=body, actor=actor, reason="no")


def test_an_admin_rejects_with_a_reason_that_the_proposer_is_told(admin: User) -> None:
    proposer = UserFactory(email="ana@medellin.gov.co")
    body = propose(proposer)
    with pytest.raises(ApplicationError) as err:
        public_body_reject(body=body, actor=admin, reason="  ")
    assert err.value.field == "reason"
    public_body_reject(body=body, actor=admin, reason="Not a public body")
    body.refresh_from_db()
    assert (body.verification_status, body.rejection_reason) == ("rejected", "Not a public body")
    assert membership_of(proposer, body).status == Membership.Status.REVOKED
    note = Notification.objects.get(recipient=proposer, kind=Kind.VERIFICATION_DECISION, channel="inbox")
    assert note.context["reason"] == "Not a public body"
    # the trail stores ids and states, never the free text (the reason is on the body)
    event = AuditEvent.objects.get(verb="public_body.reject")
    assert event.after == {"status": "rejected"}
    with pytest.raises(InvalidTransition):
        public_body_reject(body=body, actor=admin, reason="again")


# --- invitations -------------------------------------------------------------------------


def test_an_approver_invites_and_the_invitee_accepts_with_the_link(
    public_body: Organisation, approver: User, smtp_server: Any
) -> None:
    body = body_with_domain(public_body)
    invitee = UserFactory(email="nuevo@otra.org")
    invitation, token = body_invite(actor=approver, body=body, email="Nuevo@Otra.org", role="evaluator")
    assert invitation.token_digest != token
    assert token not in invitation.token_digest
    email_row = Notification.objects.get(recipient=invitee, kind=Kind.MEMBERSHIP_INVITATION, channel="email")
    delivery.deliver("email", [email_row.pk])
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "nuevo@otra.org"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert f"/public-bodies/invitations/{token}/" in text
    membership = body_invitation_accept(actor=invitee, token=token)
    assert (membership.role, membership.status) == (Membership.Role.EVALUATOR, Membership.Status.ACTIVE)
    assert membership.invited_by == approver
    with pytest.raises(InvalidTransition):  # single use
        body_invitation_accept(actor=invitee, token=token)
    assert AuditEvent.objects.filter(verb="body_invitation.accept").exists()


def test_an_invitation_for_an_unknown_address_creates_an_account_to_claim(
    public_body: Organisation, approver: User
) -> None:
    body = body_with_domain(public_body)
    body_invite(actor=approver, body=body, email="alguien@nuevo.org", role="officer")
    user = User.objects.get(email="alguien@nuevo.org")
    assert not user.has_usable_password()
    assert Notification.objects.filter(recipient=user, kind=Kind.MEMBERSHIP_INVITATION).count() == 2


def test_an_invitation_expires(public_body: Organisation, approver: User) -> None:
    body = body_with_domain(public_body)
    invitee = UserFactory(email="tarde@otra.org")
    invitation, token = body_invite(actor=approver, body=body, email=invitee.email, role="officer")
    BodyInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(InvalidTransition):
        body_invitation_accept(actor=invitee, token=token)
    assert not Membership.objects.filter(user=invitee).exists()


def test_only_the_invited_verified_address_may_accept(
    public_body: Organisation, approver: User, outsider: User
) -> None:
    body = body_with_domain(public_body)
    unverified = UserFactory(email="sin@verificar.org", verified=False)
    _inv, token = body_invite(actor=approver, body=body, email=unverified.email, role="officer")
    for actor in (outsider, unverified):
        with pytest.raises(NotAllowed):
            body_invitation_accept(actor=actor, token=token)
    with pytest.raises(InvalidTransition):
        body_invitation_accept(actor=outsider, token="forged-token")


@pytest.mark.parametrize("name", ["officer", "evaluator", "supplier_owner", "outsider"])
def test_only_approvers_and_admins_invite(public_body: Organisation, persona: Any, name: str) -> None:
    body = body_with_domain(public_body)
    with pytest.raises(NotAllowed):
        body_invite(actor=persona(name), body=body, email="x@y.org", role="officer")


def test_bad_invitations_are_refused(public_body: Organisation, approver: User, officer: User) -> None:
    body = body_with_domain(public_body)
    with pytest.raises(ApplicationError) as err:
        body_invite(actor=approver, body=body, email="not-an-address", role="officer")
    assert err.value.field == "email"
    with pytest.raises(ApplicationError) as err:
        body_invite(actor=approver, body=body, email="x@y.org", role="owner")
    assert err.value.field == "role"
    with pytest.raises(Conflict):
        body_invite(actor=approver, body=body, email=officer.email, role="officer")


def test_a_new_invitation_replaces_the_open_one(public_body: Organisation, approver: User) -> None:
    body = body_with_domain(public_body)
    invitee = UserFactory(email="dos@veces.org")
    _first, old = body_invite(actor=approver, body=body, email=invitee.email, role="officer")
    _second, new = body_invite(actor=approver, body=body, email=invitee.email, role="approver")
    with pytest.raises(InvalidTransition):
        body_invitation_accept(actor=invitee, token=old)
    assert body_invitation_accept(actor=invitee, token=new).role == Membership.Role.APPROVER


# --- joining by official domain ----------------------------------------------------------


def test_a_person_on_the_domain_asks_to_join_and_an_approver_confirms(
    public_body: Organisation, approver: User
) -> None:
    body = body_with_domain(public_body)
    person = UserFactory(email="juan@MOVILIDAD.gov.co")
    m = body_join_request(actor=person, body=body)
    assert (m.role, m.status) == (Membership.Role.OFFICER, Membership.Status.REQUESTED)
    assert Notification.objects.filter(recipient=approver, kind=Kind.JOIN_REQUEST).exists()
    with pytest.raises(Conflict):
        body_join_request(actor=person, body=body)
    body_request_decide(actor=approver, membership=m, approve=True)
    assert membership_of(person, body).status == Membership.Status.ACTIVE
    assert Notification.objects.filter(recipient=person, kind=Kind.VERIFICATION_DECISION).exists()
    assert is_officer(person, public_body.pk)


def test_a_refused_request_is_notified(public_body: Organisation, approver: User) -> None:
    body = body_with_domain(public_body)
    person = UserFactory(email="juan@movilidad.gov.co")
    m = body_join_request(actor=person, body=body)
    body_request_decide(actor=approver, membership=m, approve=False)
    assert membership_of(person, body).status == Membership.Status.REVOKED
    note = Notification.objects.get(recipient=person, kind=Kind.VERIFICATION_DECISION, channel="inbox")
    assert "refused" in note.context["decision"]["en"]
    with pytest.raises(InvalidTransition):
        body_request_decide(actor=approver, membership=m, approve=True)


def test_an_address_off_the_domains_cannot_ask_to_join(public_body: Organisation, outsider: User) -> None:
    body = body_with_domain(public_body)
    with pytest.raises(NotAllowed) as err:
        body_join_request(actor=outsider, body=body)
    assert err.value.message == str(MSG_NOT_ON_DOMAIN)
    assert not Membership.objects.filter(user=outsider, organisation=public_body).exists()


def test_officers_and_outsiders_cannot_decide_requests(
    public_body: Organisation, officer: User, outsider: User
) -> None:
    body = body_with_domain(public_body)
    m = body_join_request(actor=UserFactory(email="juan@movilidad.gov.co"), body=body)
    for actor in (officer, outsider):
        with pytest.raises(NotAllowed):
            body_request_decide(actor=actor, membership=m, approve=True)


def test_nobody_joins_an_unverified_body(public_body: Organisation) -> None:
    body = body_with_domain(public_body, verification_status=PublicBody.Verification.PENDING)
    with pytest.raises(InvalidTransition):
        body_join_request(actor=UserFactory(email="juan@movilidad.gov.co"), body=body)


# --- claiming an imported body -----------------------------------------------------------


def test_an_imported_body_is_claimed_and_an_admin_confirms(public_body: Organisation, admin: User) -> None:
    body = body_with_domain(public_body, imported=True, claimed=False)
    person = UserFactory(email="jefa@movilidad.gov.co")
    m = body_join_request(actor=person, body=body)
    assert (m.role, m.status) == (Membership.Role.APPROVER, Membership.Status.REQUESTED)
    assert Notification.objects.filter(recipient=admin, kind=Kind.JOIN_REQUEST).exists()
    body_request_decide(actor=admin, membership=m, approve=True, evidence="Decree of appointment checked")
    body.refresh_from_db()
    assert body.claimed
    assert membership_of(person, body).status == Membership.Status.ACTIVE
    assert is_approver(person, public_body.pk)
    with pytest.raises(InvalidTransition):
        body_claim(actor=UserFactory(email="otro@movilidad.gov.co"), body=body)


def test_a_claim_needs_an_address_on_the_domains(public_body: Organisation) -> None:
    body = body_with_domain(public_body, imported=True, claimed=False)
    with pytest.raises(NotAllowed):
        body_claim(actor=UserFactory(email="x@gmail.com"), body=body)


# --- roles, revocation, the last approver ------------------------------------------------


def test_the_last_approver_cannot_be_revoked_or_demoted(public_body: Organisation, approver: User, admin: User) -> None:
    body = body_with_domain(public_body)
    mine = membership_of(approver, body)
    with pytest.raises(Conflict):
        body_member_revoke(actor=approver, membership=mine)
    with pytest.raises(NotAllowed):  # site roles hold no body's powers
        body_member_revoke(actor=admin, membership=mine)
    with pytest.raises(Conflict):
        body_member_change_role(actor=approver, membership=mine, role="officer")
    other = MembershipFactory(organisation=public_body, role=Membership.Role.APPROVER).user
    body_member_change_role(actor=approver, membership=mine, role="officer")
    assert membership_of(approver, body).role == Membership.Role.OFFICER
    assert AuditEvent.objects.filter(verb="membership.role_changed", before__role="approver").exists()
    assert is_body_approver_only(other, body)


def is_body_approver_only(user: User, body: PublicBody) -> bool:
    return is_body_approver(user, body) and not is_admin(user)


def test_an_approver_revokes_an_officer_who_then_cannot_create(
    public_body: Organisation, approver: User, officer: User
) -> None:
    body = body_with_domain(public_body)
    body_member_revoke(actor=approver, membership=membership_of(officer, body))
    with pytest.raises(NotAllowed):
        challenge_create(body=public_body, actor=officer, title="t", problem="p")


@pytest.mark.parametrize("name", ["officer", "evaluator", "outsider"])
def test_only_approvers_and_admins_change_roles(
    public_body: Organisation, approver: User, persona: Any, name: str
) -> None:
    body = body_with_domain(public_body)
    target = membership_of(approver, body)
    with pytest.raises(NotAllowed):
        body_member_revoke(actor=persona(name), membership=target)


# --- the logo ----------------------------------------------------------------------------


def test_a_logo_is_checked_by_content_and_size(
    public_body: Organisation, approver: User, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    body = body_with_domain(public_body)
    with pytest.raises(ApplicationError) as err:
        public_body_set_logo(
            actor=approver, body=body, upload=SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", "image/png")
        )
    assert err.value.field == "logo"
    big = SimpleUploadedFile("big.png", PNG + b"\0" * LOGO_MAX_BYTES, "image/png")
    with pytest.raises(ApplicationError):
        public_body_set_logo(actor=approver, body=body, upload=big)
    public_body_set_logo(actor=approver, body=body, upload=SimpleUploadedFile("x.gif", PNG, "image/gif"))
    body.refresh_from_db()
    assert body.logo.name.endswith(".png")
    assert "x.gif" not in body.logo.name


def test_outsiders_cannot_upload_a_logo(public_body: Organisation, officer: User) -> None:
    body = body_with_domain(public_body)
    with pytest.raises(NotAllowed):
        public_body_set_logo(actor=officer, body=body, upload=SimpleUploadedFile("l.png", PNG))


# --- nothing is published in the body's name until then -----------------------------------


def _pending_org() -> tuple[Organisation, PublicBody]:
    org = PublicBodyOrganisationFactory()
    body = PublicBody.objects.create(
        organisation=org, kind="agency", country="CO", level="national", email_domains=["agencia.gov.co"]
    )
    return org, body


def test_officers_of_an_unverified_body_draft_but_publish_nothing() -> None:
    org, _body = _pending_org()
    officer = MembershipFactory(organisation=org, role=Membership.Role.OFFICER).user
    approver = MembershipFactory(organisation=org, role=Membership.Role.APPROVER).user
    challenge = challenge_create(body=org, actor=officer, title="t", problem="p")
    call = call_create(body=org, actor=officer, **call_data())
    with pytest.raises(ApplicationError):
        challenge_transition(challenge=challenge, to=Challenge.Status.PUBLISHED, actor=officer)
    call_submit_for_approval(call=call, actor=officer)
    with pytest.raises(ApplicationError):
        call_approve(call=call, actor=approver)
    assert not Challenge.objects.filter(body=org).exclude(status=Challenge.Status.DRAFT).exists()
    assert not Call.objects.filter(body=org, status=Call.Status.PUBLISHED).exists()


@pytest.mark.parametrize("status", [Membership.Status.INVITED, Membership.Status.REQUESTED, Membership.Status.REVOKED])
def test_members_who_are_not_active_cannot_create_or_approve(public_body: Organisation, status: str) -> None:
    verified_body(public_body)
    officer = MembershipFactory(organisation=public_body, role=Membership.Role.OFFICER, status=status).user
    approver = MembershipFactory(organisation=public_body, role=Membership.Role.APPROVER, status=status).user
    with pytest.raises(NotAllowed):
        challenge_create(body=public_body, actor=officer, title="t", problem="p")
    with pytest.raises(NotAllowed):
        call_create(body=public_body, actor=officer, **call_data())
    call = make_call(public_body, status=Call.Status.IN_APPROVAL)
    with pytest.raises(NotAllowed):
        call_approve(call=call, actor=approver)


def test_evaluators_neither_create_nor_approve(public_body: Organisation, evaluator: User) -> None:
    verified_body(public_body)
    with pytest.raises(NotAllowed):
        call_create(body=public_body, actor=evaluator, **call_data())
    with pytest.raises(NotAllowed):
        call_approve(call=make_call(public_body, status=Call.Status.IN_APPROVAL), actor=evaluator)


def test_an_active_officer_of_a_verified_body_creates(public_body: Organisation, officer: User) -> None:
    verified_body(public_body)
    assert challenge_create(body=public_body, actor=officer, title="t", problem="p").pk
    assert call_create(body=public_body, actor=officer, **call_data()).pk
