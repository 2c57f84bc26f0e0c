"""The membership history and the "is or was a member since" questions it answers."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps as global_apps
from django.utils import timezone

from govtech.accounts.history import membership_history_record, membership_status_changed
from govtech.accounts.models import Membership, MembershipEvent, Organisation
from govtech.accounts.selectors import organisations_of, people_of, was_member_at
from tests.accounts.factories import MembershipFactory, PublicBodyOrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

backfill_migration = importlib.import_module("govtech.accounts.migrations.0004_members_backfill_history")


def _leave(membership: Membership, at: datetime.datetime) -> None:
    before, membership.status = membership.status, Membership.Status.REVOKED
    membership.save(update_fields=["status", "updated_at"])
    event = membership_status_changed(membership=membership, before=before, actor=None)
    assert event is not None
    MembershipEvent.objects.filter(pk=event.pk).update(at=at)


def test_an_active_membership_counts_now() -> None:
    m = MembershipFactory()
    assert organisations_of(m.user) == {m.organisation_id}
    assert people_of([m.organisation_id]) == {m.user_id}


def test_a_past_membership_counts_only_within_the_window() -> None:
    m = MembershipFactory()
    joined = membership_history_record(membership=m, event=MembershipEvent.Event.JOINED, actor=None)
    MembershipEvent.objects.filter(pk=joined.pk).update(at=timezone.now() - datetime.timedelta(days=500))
    _leave(m, timezone.now() - datetime.timedelta(days=400))
    assert organisations_of(m.user) == set()
    assert organisations_of(m.user, since=timezone.now() - datetime.timedelta(days=730)) == {m.organisation_id}
    assert organisations_of(m.user, since=timezone.now() - datetime.timedelta(days=300)) == set()
    assert people_of([m.organisation_id], since=timezone.now() - datetime.timedelta(days=730)) == {m.user_id}


def test_kind_and_roles_narrow_the_answer() -> None:
    body = PublicBodyOrganisationFactory()
    user = UserFactory()
    supplier = MembershipFactory(user=user)
    MembershipFactory(user=user, organisation=body, role=Membership.Role.OFFICER)
    assert organisations_of(user, kind=Organisation.Kind.SUPPLIER) == {supplier.organisation_id}
    assert organisations_of(user, roles=[Membership.Role.APPROVER]) == set()


def test_suspension_ends_the_current_membership_but_counts_as_past() -> None:
    m = MembershipFactory()
    m.status = Membership.Status.SUSPENDED
    m.save()
    membership_status_changed(membership=m, before=Membership.Status.ACTIVE, actor=None)
    assert organisations_of(m.user) == set()
    assert organisations_of(m.user, since=timezone.now() - datetime.timedelta(days=1)) == {m.organisation_id}


def test_was_member_at_reads_the_history() -> None:
    m = MembershipFactory()
    joined = membership_history_record(membership=m, event=MembershipEvent.Event.JOINED, actor=None)
    MembershipEvent.objects.filter(pk=joined.pk).update(at=timezone.now() - datetime.timedelta(days=100))
    _leave(m, timezone.now() - datetime.timedelta(days=10))
    assert was_member_at(m.user, m.organisation_id, timezone.now() - datetime.timedelta(days=50))
    assert not was_member_at(m.user, m.organisation_id, timezone.now() - datetime.timedelta(days=5))
    assert not was_member_at(m.user, m.organisation_id, timezone.now() - datetime.timedelta(days=200))


def test_pending_states_write_no_history() -> None:
    m = MembershipFactory(status=Membership.Status.INVITED)
    m.status = Membership.Status.REVOKED
    assert membership_status_changed(membership=m, before=Membership.Status.INVITED, actor=None) is None


def test_the_backfill_rebuilds_history_from_memberships() -> None:
    active = MembershipFactory()
    ended = MembershipFactory(status=Membership.Status.REVOKED)
    MembershipFactory(status=Membership.Status.INVITED)
    backfill_migration.backfill(global_apps, None)
    assert list(MembershipEvent.objects.filter(membership=active).values_list("event", flat=True)) == ["joined"]
    assert list(MembershipEvent.objects.filter(membership=ended).values_list("event", flat=True)) == [
        "joined",
        "left",
    ]
    assert MembershipEvent.objects.filter(backfilled=True).count() == 3
