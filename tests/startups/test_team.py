"""The team: invitations, requests to join, roles, and the last-owner rule."""

from __future__ import annotations

from typing import Any

import pytest

from govtech.accounts.models import Membership, User
from govtech.audit.models import AuditEvent
from govtech.core.errors import ApplicationError, Conflict, InvalidTransition, NotAllowed
from govtech.notifications.kinds import Kind
from govtech.notifications.models import Notification
from startups import services
from startups.models import Supplier
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def owner_membership(supplier: Supplier, user: Any) -> Membership:
    return Membership.objects.get(organisation_id=supplier.organisation_id, user=user)


def test_an_owner_invites_a_registered_user_who_accepts(team: Supplier, supplier_owner: User) -> None:
    invitee = UserFactory(email="nueva@ejemplo.co")
    membership = services.membership_invite(actor=supplier_owner, supplier=team, email="Nueva@Ejemplo.co")
    assert membership.status == Membership.Status.INVITED
    assert Notification.objects.filter(recipient=invitee, kind=Kind.MEMBERSHIP_INVITATION).exists()
    services.membership_respond(actor=invitee, membership=membership, accept=True)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert AuditEvent.objects.filter(verb="membership.accepted").exists()


def test_inviting_an_unknown_email_creates_an_account_to_claim(team: Supplier, supplier_owner: User) -> None:
    services.membership_invite(actor=supplier_owner, supplier=team, email="alguien@nuevo.org")
    user = User.objects.get(email="alguien@nuevo.org")
    assert not user.has_usable_password()
    assert Notification.objects.filter(recipient=user, kind=Kind.MEMBERSHIP_INVITATION).count() == 2  # inbox+email


def test_only_owners_invite(team: Supplier, supplier_member: User, outsider: User) -> None:
    for actor in (supplier_member, outsider):
        with pytest.raises(NotAllowed):
            services.membership_invite(actor=actor, supplier=team, email="x@y.org")


def test_someone_else_cannot_accept_an_invitation(team: Supplier, supplier_owner: User, outsider: User) -> None:
    membership = services.membership_invite(actor=supplier_owner, supplier=team, email="z@y.org")
    with pytest.raises(NotAllowed):
        services.membership_respond(actor=outsider, membership=membership, accept=True)


def test_inviting_an_active_member_is_a_conflict(team: Supplier, supplier_owner: User, supplier_member: User) -> None:
    with pytest.raises(Conflict):
        services.membership_invite(actor=supplier_owner, supplier=team, email=supplier_member.email)


def test_a_user_asks_to_join_and_an_owner_approves(team: Supplier, supplier_owner: User) -> None:
    asker = UserFactory()
    membership = services.membership_request_join(actor=asker, supplier=team)
    assert membership.status == Membership.Status.REQUESTED
    assert Notification.objects.filter(recipient=supplier_owner, kind=Kind.JOIN_REQUEST).exists()
    services.membership_decide(actor=supplier_owner, membership=membership, approve=True)
    membership.refresh_from_db()
    assert (membership.status, membership.role) == (Membership.Status.ACTIVE, Membership.Role.MEMBER)
    with pytest.raises(InvalidTransition):
        services.membership_decide(actor=supplier_owner, membership=membership, approve=False)


def test_a_member_cannot_approve_requests(team: Supplier, supplier_member: User) -> None:
    membership = services.membership_request_join(actor=UserFactory(), supplier=team)
    with pytest.raises(NotAllowed):
        services.membership_decide(actor=supplier_member, membership=membership, approve=True)


def test_asking_twice_is_a_conflict(team: Supplier) -> None:
    asker = UserFactory()
    services.membership_request_join(actor=asker, supplier=team)
    with pytest.raises(Conflict):
        services.membership_request_join(actor=asker, supplier=team)


def test_a_rejected_asker_may_ask_again(team: Supplier, supplier_owner: User) -> None:
    asker = UserFactory()
    first = services.membership_request_join(actor=asker, supplier=team)
    services.membership_decide(actor=supplier_owner, membership=first, approve=False)
    again = services.membership_request_join(actor=asker, supplier=team)
    assert again.pk == first.pk
    assert again.status == Membership.Status.REQUESTED


def test_an_ownerless_imported_profile_is_claimed_through_an_admin(admin: User) -> None:
    supplier = services.supplier_register(
        actor=admin, legal_name="Importada", country="CO", identifier="900.123.456-8", with_owner=False
    )
    asker = UserFactory()
    membership = services.membership_request_join(actor=asker, supplier=supplier)
    assert Notification.objects.filter(recipient=admin, kind=Kind.JOIN_REQUEST).exists()
    with pytest.raises(ApplicationError):  # the evidence checked is required
        services.membership_decide(actor=admin, membership=membership, approve=True)
    services.membership_decide(
        actor=admin, membership=membership, approve=True, evidence="Cámara de Comercio certificate, ID checked by video"
    )
    membership.refresh_from_db()
    assert membership.role == Membership.Role.OWNER
    event = AuditEvent.objects.get(verb="membership.claim_approved")
    assert event.after["evidence"].startswith("Cámara")
    assert event.after["user_id"] == asker.pk  # an id, never a name or an address


def test_the_last_owner_cannot_step_down_or_be_removed(team: Supplier, supplier_owner: User) -> None:
    membership = owner_membership(team, supplier_owner)
    with pytest.raises(Conflict) as caught:
        services.membership_change_role(actor=supplier_owner, membership=membership, role="member")
    assert caught.value.message == str(services.LAST_OWNER_MESSAGE)
    with pytest.raises(Conflict):
        services.membership_remove(actor=supplier_owner, membership=membership)
    membership.refresh_from_db()
    assert (membership.role, membership.status) == (Membership.Role.OWNER, Membership.Status.ACTIVE)


def test_with_a_second_owner_the_first_may_step_down(
    team: Supplier, supplier_owner: User, supplier_member: User
) -> None:
    promoted = services.membership_change_role(
        actor=supplier_owner, membership=owner_membership(team, supplier_member), role="owner"
    )
    assert promoted.role == Membership.Role.OWNER
    services.membership_change_role(
        actor=supplier_owner, membership=owner_membership(team, supplier_owner), role="member"
    )
    with pytest.raises(NotAllowed):  # no longer an owner
        services.membership_invite(actor=supplier_owner, supplier=team, email="a@b.org")
    with pytest.raises(Conflict):  # and now the member-turned-owner is the last one
        services.membership_remove(actor=supplier_member, membership=owner_membership(team, supplier_member))


def test_a_member_may_leave_but_not_remove_others(team: Supplier, supplier_owner: User, supplier_member: User) -> None:
    with pytest.raises(NotAllowed):
        services.membership_remove(actor=supplier_member, membership=owner_membership(team, supplier_owner))
    services.membership_remove(actor=supplier_member, membership=owner_membership(team, supplier_member))
    assert owner_membership(team, supplier_member).status == Membership.Status.REVOKED
