"""The deadline holds (no early close; cancellation with a public reason, told to every interested party) and four
eyes (whoever created or submitted a call cannot approve it), at the service level."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from govtech.accounts.models import Membership
from govtech.core.errors import ApplicationError, InvalidTransition, NotAllowed
from govtech.notifications.kinds import Kind
from govtech.notifications.models import Notification
from procurement.calls.models import Call
from procurement.calls.services import (
    call_approve,
    call_cancel,
    call_close,
    call_create,
    call_follow,
    call_submit_for_approval,
    calls_close_due,
)
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.procurement.factories import call_data, make_application, make_call, verified_body

S = Call.Status


@pytest.fixture(autouse=True)
def _verified(public_body: Any) -> None:
    verified_body(public_body)


def test_nobody_closes_a_published_call_before_its_deadline(officer: Any, public_body: Any) -> None:
    call = make_call(public_body, status=S.PUBLISHED)
    with pytest.raises(InvalidTransition) as refused:
        call_close(call=call, actor=officer)
    assert refused.value.extra["rule"] == "deadline_holds"
    call.refresh_from_db()
    assert (call.status, call.closed_at) == (S.PUBLISHED, None)


def test_the_sweeper_closes_at_the_deadline_and_not_before(public_body: Any) -> None:
    call = make_call(public_body, status=S.PUBLISHED)
    assert calls_close_due(now=call.submission_deadline - datetime.timedelta(seconds=1)) == []
    assert calls_close_due(now=call.submission_deadline) == [call.pk]
    call.refresh_from_db()
    assert call.status == S.CLOSED


def test_an_officer_may_close_once_the_deadline_passed(officer: Any, public_body: Any) -> None:
    call = make_call(public_body, status=S.PUBLISHED, submission_deadline=timezone.now() - datetime.timedelta(hours=1))
    assert call_close(call=call, actor=officer).status == S.CLOSED


def test_a_cancellation_has_a_public_reason_and_tells_followers_and_applicants(
    officer: Any, public_body: Any, supplier_org: Any, supplier_owner: Any, other_supplier_org: Any, outsider: Any
) -> None:
    call = make_call(public_body, status=S.PUBLISHED)
    follower = UserFactory()
    call_follow(call=call, actor=follower)
    make_application(call, supplier_org, by=supplier_owner)  # submitted
    make_application(call, other_supplier_org, by=outsider, status="draft")
    with pytest.raises(ApplicationError):
        call_cancel(call=call, actor=officer, reason="  ")
    assert not Notification.objects.filter(kind=Kind.CALL_CANCELLED).exists()
    call_cancel(call=call, actor=officer, reason="The budget was withdrawn by the council.")
    call.refresh_from_db()
    assert (call.status, call.cancel_reason) == (S.CANCELLED, "The budget was withdrawn by the council.")
    told = set(Notification.objects.filter(kind=Kind.CALL_CANCELLED).values_list("recipient_id", flat=True))
    assert {follower.pk, supplier_owner.pk, outsider.pk, officer.pk} <= told


def test_four_eyes_the_creator_or_submitter_cannot_approve(public_body: Any) -> None:
    boss = MembershipFactory(user=UserFactory(), organisation=public_body, role=Membership.Role.APPROVER).user
    other = MembershipFactory(user=UserFactory(), organisation=public_body, role=Membership.Role.APPROVER).user
    call = call_create(body=public_body, actor=boss, **call_data())
    call = call_submit_for_approval(call=call, actor=boss)
    with pytest.raises(NotAllowed) as refused:
        call_approve(call=call, actor=boss)
    assert refused.value.extra["rule"] == "four_eyes"
    call.refresh_from_db()
    assert (call.status, call.approved_by_id) == (S.IN_APPROVAL, None)
    assert call_approve(call=call, actor=other).status == S.PUBLISHED


def test_four_eyes_also_binds_whoever_only_submitted(officer: Any, public_body: Any) -> None:
    first = MembershipFactory(user=UserFactory(), organisation=public_body, role=Membership.Role.APPROVER).user
    second = MembershipFactory(user=UserFactory(), organisation=public_body, role=Membership.Role.APPROVER).user
    call = call_create(body=public_body, actor=officer, **call_data())
    call = call_submit_for_approval(call=call, actor=first)
    assert (call.created_by_id, call.submitted_by_id) == (officer.pk, first.pk)
    with pytest.raises(NotAllowed):
        call_approve(call=call, actor=first)
    assert call_approve(call=call, actor=second).approved_by_id == second.pk
