"""The outbox engine, as functions: claim, send, record, retry with backoff, give up, sweep."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from govtech.notifications import delivery
from govtech.notifications.models import Notification
from tests.conftest import SMTPSink, free_port
from tests.notifications.factories import EmailNotificationFactory


class AnsweringSink(SMTPSink):
    def __init__(self, answer: str) -> None:
        super().__init__()
        self.answer = answer

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        return self.answer


@pytest.fixture
def smtp_answering(settings: Any) -> Any:
    controllers: list[Controller] = []

    def start(answer: str) -> AnsweringSink:
        sink = AnsweringSink(answer)
        port = free_port()
        controller = Controller(sink, hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        return sink

    yield start
    for controller in controllers:
        controller.stop()


@pytest.mark.django_db
def test_it_sends_an_email_and_records_it(smtp_server: SMTPSink) -> None:
    row = EmailNotificationFactory(recipient__email="ana@ciudaddatos.co")
    report = delivery.deliver("email", [row.pk])
    assert (report.claimed, report.sent) == (1, 1)
    row.refresh_from_db()
    assert (row.status, row.attempts, row.claimed_until) == ("sent", 1, None)
    assert row.sent_at is not None
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "ana@ciudaddatos.co"
    assert message["X-Govtech-Notification"] == str(row.pk)


@pytest.mark.django_db
def test_it_never_sends_a_row_twice(smtp_server: SMTPSink) -> None:
    row = EmailNotificationFactory()
    delivery.deliver("email", [row.pk])
    assert delivery.deliver("email", [row.pk]).claimed == 0
    assert len(smtp_server.wait_for(2, timeout=0.5)) == 1


@pytest.mark.django_db
def test_it_leaves_a_row_claimed_by_another_worker(smtp_server: SMTPSink) -> None:
    row = EmailNotificationFactory(status="sending", claimed_until=timezone.now() + timedelta(minutes=5))
    assert delivery.deliver("email", [row.pk]).claimed == 0
    assert smtp_server.messages == []


@pytest.mark.django_db
def test_it_takes_over_a_row_whose_claim_expired(smtp_server: SMTPSink) -> None:
    row = EmailNotificationFactory(status="sending", attempts=1, claimed_until=timezone.now() - timedelta(seconds=1))
    assert delivery.deliver("email", [row.pk]).sent == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 2)


@pytest.mark.django_db
def test_it_waits_for_a_row_not_yet_due(smtp_server: SMTPSink) -> None:
    row = EmailNotificationFactory(next_attempt_at=timezone.now() + timedelta(minutes=1))
    assert delivery.deliver("email", [row.pk]).claimed == 0


@pytest.mark.django_db
def test_it_retries_a_refused_email_later_with_backoff(smtp_answering: Any, queued: Any, settings: Any) -> None:
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 60
    smtp_answering("451 4.3.0 Try again later")
    row = EmailNotificationFactory()
    report = delivery.deliver("email", [row.pk])
    assert report.retried == 1
    row.refresh_from_db()
    assert row.status == "pending"
    assert "451" in row.last_error
    assert timezone.now() + timedelta(seconds=29) < row.next_attempt_at < timezone.now() + timedelta(seconds=61)
    assert queued.calls[-1][1] == [row.pk]
    assert 30 <= queued.calls[-1][2] <= 60


@pytest.mark.django_db
def test_it_retries_when_the_smtp_server_is_unreachable(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    row = EmailNotificationFactory()
    assert delivery.deliver("email", [row.pk]).retried == 1
    row.refresh_from_db()
    assert row.status == "pending"


@pytest.mark.django_db
def test_it_marks_a_permanently_refused_email_failed(smtp_answering: Any) -> None:
    smtp_answering("550 5.1.1 No such mailbox")
    row = EmailNotificationFactory()
    assert delivery.deliver("email", [row.pk]).failed == 1
    row.refresh_from_db()
    assert row.status == "failed"
    assert "550" in row.last_error
    assert list(Notification.objects.failed()) == [row]


@pytest.mark.django_db
def test_it_gives_up_after_the_last_attempt(smtp_answering: Any, settings: Any) -> None:
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    smtp_answering("451 4.3.0 Try again later")
    row = EmailNotificationFactory(attempts=2)
    assert delivery.deliver("email", [row.pk]).failed == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("failed", 3)


def test_the_backoff_grows_exponentially_with_jitter(settings: Any) -> None:
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 10
    settings.NOTIFICATIONS_RETRY_MAX_SECONDS = 100
    for attempts, delay in [(1, 10), (2, 20), (3, 40), (4, 80), (8, 100)]:
        samples = {delivery.backoff_seconds(attempts) for _ in range(20)}
        assert all(delay / 2 <= s <= delay for s in samples)
        assert len(samples) > 1


@pytest.mark.django_db
def test_the_sweeper_queues_rows_never_queued_and_rows_of_dead_workers(queued: Any, settings: Any) -> None:
    settings.NOTIFICATIONS_SWEEP_SECONDS = 60
    long_ago = timezone.now() - timedelta(minutes=5)
    forgotten = EmailNotificationFactory(next_attempt_at=long_ago)
    orphaned = EmailNotificationFactory(
        status="sending", next_attempt_at=long_ago, claimed_until=timezone.now() - timedelta(seconds=1)
    )
    EmailNotificationFactory()  # just written: probably still in the queue
    EmailNotificationFactory(
        status="sending", next_attempt_at=long_ago, claimed_until=timezone.now() + timedelta(minutes=1)
    )
    EmailNotificationFactory(status="sent", next_attempt_at=long_ago)
    EmailNotificationFactory(status="held", next_attempt_at=long_ago)
    assert delivery.sweep() == 2
    assert sorted(queued.ids("email")) == sorted([forgotten.pk, orphaned.pk])


@pytest.mark.django_db
def test_the_deliver_task_reports_what_it_did(smtp_server: SMTPSink) -> None:
    from govtech.notifications.tasks import deliver

    row = EmailNotificationFactory()
    assert deliver("email", [row.pk, 999999]) == {"claimed": 1, "sent": 1, "retried": 0, "failed": 0}


@pytest.mark.django_db
def test_an_unexpected_error_is_retried_without_stranding_the_batch(
    smtp_server: SMTPSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govtech.notifications.channels import email

    broken, fine = EmailNotificationFactory(), EmailNotificationFactory()
    real = email.notification_email

    def render(row: Notification, cache: Any = None) -> Any:
        if row.pk == broken.pk:
            raise KeyError("a template bug")
        return real(row, cache)

    monkeypatch.setattr(email, "notification_email", render)
    report = delivery.deliver("email", [broken.pk, fine.pk])
    assert (report.sent, report.retried) == (1, 1)
    broken.refresh_from_db()
    assert broken.status == "pending"
    assert "KeyError" in broken.last_error


@pytest.mark.django_db
def test_a_row_whose_workers_kept_dying_fails_for_good(smtp_server: SMTPSink, settings: Any) -> None:
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    row = EmailNotificationFactory(status="sending", attempts=3, claimed_until=timezone.now() - timedelta(seconds=1))
    assert delivery.deliver("email", [row.pk]).failed == 1
    row.refresh_from_db()
    assert row.status == "failed"
    assert smtp_server.messages == []
