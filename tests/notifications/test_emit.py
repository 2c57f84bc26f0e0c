"""notification_emit: outbox rows in the caller's transaction, once, by each person's preferences."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from govtech.core.errors import ApplicationError
from govtech.notifications import delivery
from govtech.notifications.kinds import Kind
from govtech.notifications.models import Frequency, Notification, Preference
from govtech.notifications.services import notification_emit
from tests.accounts.factories import UserFactory

CONTEXT = {"title": "Semáforos inteligentes", "buyer": "Secretaría de Movilidad", "deadline": "2027-03-15"}


def emit(recipients: list[Any], **overrides: Any) -> int:
    arguments = {
        "kind": Kind.NEW_CALL,
        "recipients": recipients,
        "event_key": "call:1:published",
        "context": CONTEXT,
        "url": "/es/opportunities/1/",
    }
    arguments.update(overrides)
    return notification_emit(**arguments)


@pytest.mark.django_db
def test_it_writes_an_inbox_and_an_email_row_per_recipient(supplier_owner: Any, supplier_member: Any) -> None:
    assert emit([supplier_owner, supplier_member, supplier_owner, None]) == 4
    rows = Notification.objects.order_by("recipient_id", "channel")
    assert {(r.recipient_id, r.channel) for r in rows} == {
        (supplier_owner.pk, "email"),
        (supplier_owner.pk, "inbox"),
        (supplier_member.pk, "email"),
        (supplier_member.pk, "inbox"),
    }
    assert {r.status for r in rows if r.channel == "inbox"} == {"sent"}
    assert {r.status for r in rows if r.channel == "email"} == {"pending"}


@pytest.mark.django_db
def test_it_notifies_nobody_twice_for_the_same_event(supplier_owner: Any) -> None:
    emit([supplier_owner])
    assert emit([supplier_owner]) == 0
    assert Notification.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_it_queues_the_emails_only_when_the_transaction_commits(supplier_owner: Any, queued: Any) -> None:
    with transaction.atomic():
        emit([supplier_owner])
        assert queued.calls == []
    email = Notification.objects.get(channel="email")
    assert queued.ids("email") == [email.pk]


@pytest.mark.django_db(transaction=True)
def test_it_writes_nothing_when_the_business_transaction_rolls_back(supplier_owner: Any, queued: Any) -> None:
    def publish_then_fail() -> None:
        with transaction.atomic():
            emit([supplier_owner])
            raise RuntimeError("the business action failed")

    with pytest.raises(RuntimeError):
        publish_then_fail()
    assert Notification.objects.count() == 0
    assert queued.calls == []


@pytest.mark.django_db
def test_it_follows_preferences_off_and_digest(supplier_owner: Any, supplier_member: Any) -> None:
    Preference.objects.create(user=supplier_owner, kind=Kind.NEW_CALL, channel="email", frequency=Frequency.DAILY)
    Preference.objects.create(user=supplier_member, kind=Kind.NEW_CALL, channel="email", frequency=Frequency.OFF)
    Preference.objects.create(user=supplier_member, kind=Kind.NEW_CALL, channel="inbox", frequency=Frequency.OFF)
    assert emit([supplier_owner, supplier_member]) == 2
    email = Notification.objects.get(recipient=supplier_owner, channel="email")
    assert (email.status, email.frequency) == ("held", "daily")
    assert not Notification.objects.filter(recipient=supplier_member).exists()


@pytest.mark.django_db
def test_it_skips_deactivated_people(supplier_owner: Any) -> None:
    gone = UserFactory(is_active=False)
    assert emit([supplier_owner, gone]) == 2


@pytest.mark.django_db
def test_it_takes_the_digest_group_from_the_context(supplier_owner: Any) -> None:
    emit([supplier_owner], context={**CONTEXT, "group_key": "call:1", "group_label": "Semáforos inteligentes"})
    assert set(Notification.objects.values_list("group_key", "group_label")) == {("call:1", "Semáforos inteligentes")}


@pytest.mark.django_db
def test_it_refuses_an_unknown_kind(supplier_owner: Any) -> None:
    with pytest.raises(ApplicationError):
        emit([supplier_owner], kind="no_such_kind")


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_business_write_when_the_broker_is_down(
    supplier_owner: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from celery import current_app

    monkeypatch.undo()  # the real enqueue, with a broker that refuses
    monkeypatch.setattr(current_app, "send_task", lambda *a, **k: (_ for _ in ()).throw(ConnectionError("down")))
    with transaction.atomic():
        emit([supplier_owner])
    assert Notification.objects.filter(channel="email", status="pending").count() == 1
    assert delivery.enqueue("email", [1]) is False
