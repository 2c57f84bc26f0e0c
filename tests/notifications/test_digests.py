"""Daily and weekly digests: held e-mails gathered into one, grouped by call, with "N more"."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from govtech.notifications import delivery
from govtech.notifications.digests import digest_compose
from govtech.notifications.kinds import Kind
from govtech.notifications.models import Frequency, Notification, Preference
from govtech.notifications.rendering import ITEMS_PER_GROUP
from govtech.notifications.services import notification_emit


def emit_questions(user: Any, call: int, count: int) -> None:
    for n in range(count):
        notification_emit(
            kind=Kind.NEW_QUESTION,
            recipients=[user],
            event_key=f"call:{call}:question:{n}",
            context={"title": f"Convocatoria {call}", "question": f"Pregunta {n}"},
            url=f"/es/opportunities/{call}/questions/{n}/",
            group_key=f"call:{call}",
            group_label=f"Convocatoria {call}",
        )


@pytest.mark.django_db
def test_it_gathers_held_emails_into_one_digest_grouped_by_call(officer: Any, smtp_server: Any, queued: Any) -> None:
    officer.language = "en"
    officer.save()
    Preference.objects.create(user=officer, kind=Kind.NEW_QUESTION, channel="email", frequency=Frequency.DAILY)
    emit_questions(officer, 1, ITEMS_PER_GROUP + 3)
    emit_questions(officer, 2, 2)
    assert Notification.objects.filter(channel="email", status="held").count() == ITEMS_PER_GROUP + 5

    assert digest_compose(frequency="daily") == 1
    digest = Notification.objects.get(kind=Kind.DIGEST)
    assert digest.status == "pending"
    assert digest.recipient == officer
    assert Notification.objects.filter(digest=digest, status="digested").count() == ITEMS_PER_GROUP + 5

    delivery.deliver("email", [digest.pk])
    [message] = smtp_server.wait_for(1)
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert message["Subject"] == f"Your digest: {ITEMS_PER_GROUP + 5} updates"
    assert "== Convocatoria 1 ==" in text
    assert "== Convocatoria 2 ==" in text
    assert "…and 3 more." in text
    assert "…and 3 more." in html
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.django_db
def test_composing_twice_sends_one_digest(officer: Any) -> None:
    Preference.objects.create(user=officer, kind=Kind.NEW_QUESTION, channel="email", frequency=Frequency.WEEKLY)
    emit_questions(officer, 1, 2)
    assert digest_compose(frequency="daily") == 0
    assert digest_compose(frequency="weekly") == 1
    assert digest_compose(frequency="weekly") == 0
    assert Notification.objects.filter(kind=Kind.DIGEST).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_digest_is_queued_when_its_transaction_commits(officer: Any, queued: Any) -> None:
    Preference.objects.create(user=officer, kind=Kind.NEW_QUESTION, channel="email", frequency=Frequency.DAILY)
    with transaction.atomic():
        emit_questions(officer, 1, 1)
    digest_compose(frequency="daily")
    assert queued.ids("email") == [Notification.objects.get(kind=Kind.DIGEST).pk]


@pytest.mark.django_db
def test_the_inbox_still_gets_each_entry_at_once(officer: Any) -> None:
    Preference.objects.create(user=officer, kind=Kind.NEW_QUESTION, channel="email", frequency=Frequency.DAILY)
    emit_questions(officer, 1, 2)
    assert Notification.objects.inbox_of(officer).count() == 2


def test_it_refuses_an_unknown_frequency() -> None:
    with pytest.raises(ValueError, match="hourly"):
        digest_compose(frequency="hourly")
