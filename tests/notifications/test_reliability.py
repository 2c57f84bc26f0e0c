"""Reliability, measured with real processes: a private Redis, real Celery workers and beat,
real SMTP servers on loopback. Each test starts and kills its own instances."""

from __future__ import annotations

import re
import signal
import time
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse

from govtech.accounts.models import User
from govtech.notifications.kinds import Kind
from govtech.notifications.models import Notification
from govtech.notifications.services import notification_emit
from tests.notifications.conftest import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

HEADER = re.compile(rb"X-Govtech-Notification: (\d+)")
OUTAGE_SECONDS = 30


def make_people(count: int, prefix: str) -> list[User]:
    languages = ["es", "pt-br", "en"]
    return User.objects.bulk_create(
        [
            User(email=f"{prefix}{i}@load.example", full_name=f"Persona {i}", language=languages[i % 3])
            for i in range(count)
        ]
    )


def publish_call(number: int, people: list[User]) -> None:
    """What an officer's "publish" does to notifications: rows in the business transaction."""
    with transaction.atomic():
        notification_emit(
            kind=Kind.NEW_CALL,
            recipients=people,
            event_key=f"call:{number}:published",
            context={"title": f"Convocatoria {number}", "buyer": "Secretaría de Innovación", "deadline": "2027-03-15"},
            url=f"/es/opportunities/{number}/",
        )


def delivered_ids(sink: Any) -> list[int]:
    ids = []
    for envelope in list(sink.messages):
        match = HEADER.search(envelope.content)
        if match:
            ids.append(int(match.group(1)))
    return ids


def email_ids() -> set[int]:
    return set(Notification.objects.filter(channel="email").values_list("pk", flat=True))


def test_it_delivers_every_email_once_when_a_worker_is_killed_mid_batch(
    private_redis: Any, smtp_for_workers: Any, celery_worker_process: Any, beat_process: Any, capsys: Any
) -> None:
    people = make_people(1000, "kill")
    first = celery_worker_process(name="first")
    publish_call(1, people)
    assert wait_until(lambda: len(smtp_for_workers.messages) >= 150, timeout=90), "the first worker sent nothing"
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    delivered_at_kill = len(smtp_for_workers.messages)
    in_flight = Notification.objects.filter(channel="email", status="sending").count()

    beat_process()
    celery_worker_process(name="second")
    expected = email_ids()
    assert len(expected) == 1000
    assert wait_until(lambda: set(delivered_ids(smtp_for_workers)) >= expected, timeout=120), "e-mails were lost"
    time.sleep(2)  # let any late double arrive before counting
    ids = delivered_ids(smtp_for_workers)
    duplicates = len(ids) - len(set(ids))
    with capsys.disabled():
        print(
            f"\n[kill] delivered before SIGKILL={delivered_at_kill} claimed-in-flight={in_flight} "
            f"delivered={len(set(ids))} duplicates={duplicates}"
        )
    assert set(ids) == expected
    assert duplicates <= max(in_flight, 1)
    assert not Notification.objects.filter(channel="email").exclude(status="sent").exists()


def test_it_keeps_publishing_while_redis_is_down_and_catches_up(
    private_redis: Any,
    smtp_for_workers: Any,
    celery_worker_process: Any,
    beat_process: Any,
    client_for: Any,
    capsys: Any,
) -> None:
    people = make_people(20, "outage")
    page = client_for(people[0])
    celery_worker_process(name="worker")
    beat_process()
    publish_call(0, people)
    assert wait_until(lambda: len(smtp_for_workers.messages) >= 20, timeout=90)

    private_redis.stop()
    timings: list[float] = []
    started = time.monotonic()
    number = 1
    while time.monotonic() - started < OUTAGE_SECONDS:
        begin = time.monotonic()
        publish_call(number, people)  # must neither raise nor hang
        timings.append(time.monotonic() - begin)
        assert page.get(reverse("notifications:inbox")).status_code == 200
        number += 1
        time.sleep(1)
    assert Notification.objects.filter(channel="email").count() == 20 * number  # nothing lost
    private_redis.start()

    expected = email_ids()
    caught_up = wait_until(lambda: set(delivered_ids(smtp_for_workers)) >= expected, timeout=120)
    ids = delivered_ids(smtp_for_workers)
    with capsys.disabled():
        print(
            f"\n[redis down {OUTAGE_SECONDS}s] calls published during the outage={number - 1} "
            f"slowest publish={max(timings):.2f}s delivered={len(set(ids))}/{len(expected)} "
            f"duplicates={len(ids) - len(set(ids))}"
        )
    assert caught_up, "delivery did not catch up after Redis returned"
    assert max(timings) < 3
    assert len(ids) == len(set(ids))


def test_it_delivers_each_email_once_after_smtp_refused_for_a_while(
    private_redis: Any, flaky_smtp_server: Any, celery_worker_process: Any, beat_process: Any, capsys: Any
) -> None:
    people = make_people(30, "refused")
    celery_worker_process(name="worker")
    beat_process()
    publish_call(1, people)
    assert wait_until(lambda: flaky_smtp_server.refused >= 30, timeout=90), "the worker did not try"
    time.sleep(3)
    flaky_smtp_server.accepting = True

    expected = email_ids()
    assert wait_until(lambda: set(delivered_ids(flaky_smtp_server)) >= expected, timeout=90)
    time.sleep(2)
    ids = delivered_ids(flaky_smtp_server)
    with capsys.disabled():
        duplicates = len(ids) - len(set(ids))
        print(f"\n[smtp 451] refused={flaky_smtp_server.refused} delivered={len(set(ids))} duplicates={duplicates}")
    assert len(ids) == len(set(ids)) == 30
    rows = Notification.objects.filter(channel="email")
    assert {r.status for r in rows} == {"sent"}
    assert min(r.attempts for r in rows) >= 2
