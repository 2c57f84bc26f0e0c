"""Every event reaches the right people, once, in their language and by their chosen channel,
through a real worker process and a real SMTP server."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.db import transaction

from govtech.notifications.digests import digest_compose
from govtech.notifications.kinds import PREFERENCE_KINDS, Kind
from govtech.notifications.models import Frequency, Notification, Preference
from govtech.notifications.rendering import render_message
from govtech.notifications.services import notification_emit
from tests.accounts.factories import UserFactory
from tests.notifications.conftest import wait_until
from tests.notifications.factories import SAMPLES

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CONTEXT = SAMPLES


def test_every_kind_reaches_each_person_once_in_their_language_and_channel(
    private_redis: Any, smtp_for_workers: Any, celery_worker_process: Any
) -> None:
    people = {lang: UserFactory(email=f"{lang}@e2e.example", language=lang) for lang in ("es", "pt-br", "en")}
    quiet = UserFactory(email="quiet@e2e.example", language="es")
    Preference.objects.create(user=quiet, kind=Kind.NEW_CALL, channel="email", frequency=Frequency.OFF)
    Preference.objects.create(user=people["en"], kind=Kind.NEW_MATCH, channel="email", frequency=Frequency.DAILY)
    celery_worker_process(name="e2e")

    for kind in PREFERENCE_KINDS:
        with transaction.atomic():
            recipients = [*people.values()] + ([quiet] if kind == Kind.NEW_CALL else [])
            notification_emit(kind=kind, recipients=recipients, event_key=f"e2e:{kind}", context=CONTEXT, url="/es/x/")
    with transaction.atomic():  # the same events again: nobody hears twice
        notification_emit(
            kind=Kind.NEW_CALL,
            recipients=[*people.values(), quiet],
            event_key=f"e2e:{Kind.NEW_CALL}",
            context=CONTEXT,
            url="/es/x/",
        )

    immediate = 3 * len(PREFERENCE_KINDS) - 1  # the English reader gets new matches in a digest
    assert wait_until(lambda: len(smtp_for_workers.messages) >= immediate, timeout=90)
    digest_compose(frequency="daily")
    assert wait_until(lambda: len(smtp_for_workers.messages) >= immediate + 1, timeout=60)
    time.sleep(1.5)
    messages = smtp_for_workers.parsed()
    assert len(messages) == immediate + 1

    by_person: dict[str, list[str]] = {}
    for message in messages:
        by_person.setdefault(message["To"], []).append(" ".join(str(message["Subject"]).split()))
    assert "quiet@e2e.example" not in by_person
    for lang, user in people.items():
        expected = {render_message(kind, CONTEXT, lang).subject for kind in PREFERENCE_KINDS}
        if lang == "en":
            expected.discard(render_message(Kind.NEW_MATCH, CONTEXT, "en").subject)
            expected.add("Your digest: 1 updates")
        assert sorted(by_person[user.email]) == sorted(expected)
    assert Notification.objects.inbox_of(quiet).count() == 1  # the inbox is still on
    assert not Notification.objects.filter(channel="email", status__in=["pending", "sending", "failed"]).exists()
