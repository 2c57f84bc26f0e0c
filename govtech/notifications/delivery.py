"""The outbox engine: claim rows, send them through their channel, record the result.

Modelled on healthchecks' ``sendalerts``: a row is claimed with a conditional UPDATE
(only ``pending`` rows that are due, or ``sending`` rows whose claim expired), so two
workers never send the same row while a claim holds. The result is written right
after each send, so a worker killed mid-batch leaves at most the one message it was
sending in doubt. Transient errors go back to ``pending`` with an exponential backoff
and jitter; permanent errors, or too many attempts, end in ``failed`` for admins to see.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from govtech.notifications.channels.base import Channel, DeliveryError
from govtech.notifications.channels.email import EmailChannel
from govtech.notifications.channels.webhook import WebhookChannel
from govtech.notifications.models import Notification, OutboxRow, WebhookDelivery

logger = logging.getLogger(__name__)
DELIVER_TASK = "govtech.notifications.tasks.deliver"  # queued by name: see tasks.py
Status = OutboxRow.Status


def channel_for(name: str) -> Channel:

    channels: dict[str, type[Channel]] = {"email": EmailChannel, "webhook": WebhookChannel}
    return channels[name]()


def backoff_seconds(attempts: int) -> float:
    """Exponential backoff with "equal jitter": half the delay fixed, half random."""
    base = settings.NOTIFICATIONS_RETRY_BASE_SECONDS
    delay = min(settings.NOTIFICATIONS_RETRY_MAX_SECONDS, base * 2 ** max(attempts - 1, 0))
    return delay / 2 + random.uniform(0, delay / 2)


def enqueue(channel: str, ids: Iterable[int], *, countdown: float | None = None) -> bool:
    """Queue delivery of ``ids`` in batches. Never raises: if the broker is down the rows
    stay ``pending`` and the sweeper queues them again once it is back."""
    ids = list(ids)
    size = settings.NOTIFICATIONS_BATCH_SIZE
    try:
        # One connection that fails fast: a web request must not wait on a dead broker.
        with current_app.connection_for_write(connect_timeout=2, transport_options={"max_retries": 0}) as connection:
            options: dict[str, Any] = {"queue": settings.NOTIFICATIONS_QUEUE, "retry": False, "connection": connection}
            if countdown is not None:
                options["countdown"] = countdown
            for start in range(0, len(ids), size):
                current_app.send_task(DELIVER_TASK, args=(channel, ids[start : start + size]), **options)
    except Exception:
        logger.warning("could not queue %s %s deliveries; the sweeper will", len(ids), channel, exc_info=True)
        return False
    return True


def enqueue_on_commit(channel: str, ids: Iterable[int]) -> None:
    ids = list(ids)
    if ids:
        transaction.on_commit(lambda: enqueue(channel, ids))


def claim(model: type[OutboxRow], ids: Iterable[int]) -> list[int]:
    """Claim the claimable rows among ``ids``; returns those this worker now owns."""
    now = timezone.now()
    with transaction.atomic():
        owned = list(
            model.objects.filter(pk__in=list(ids))  # type: ignore[attr-defined]
            .claimable(now)
            .select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if owned:
            model.objects.filter(pk__in=owned).update(  # type: ignore[attr-defined]
                status=Status.SENDING,
                claimed_until=now + timedelta(seconds=settings.NOTIFICATIONS_CLAIM_SECONDS),
                attempts=F("attempts") + 1,
            )
    return owned


def record_sent(model: type[OutboxRow], pk: int, **extra: Any) -> None:
    model.objects.filter(pk=pk, status=Status.SENDING).update(  # type: ignore[attr-defined]
        status=Status.SENT, sent_at=timezone.now(), claimed_until=None, last_error="", **extra
    )


def record_failure(channel: str, model: type[OutboxRow], row: OutboxRow, error: DeliveryError, **extra: Any) -> None:
    """Permanent, or out of attempts: ``failed``. Otherwise back to ``pending`` after a backoff."""
    message = str(error)[:2000]
    if error.permanent or row.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        model.objects.filter(pk=row.pk, status=Status.SENDING).update(  # type: ignore[attr-defined]
            status=Status.FAILED, claimed_until=None, last_error=message, **extra
        )
        logger.warning("%s %s failed for good after %s attempts: %s", channel, row.pk, row.attempts, message)
        return
    delay = backoff_seconds(row.attempts)
    model.objects.filter(pk=row.pk, status=Status.SENDING).update(  # type: ignore[attr-defined]
        status=Status.PENDING,
        claimed_until=None,
        next_attempt_at=timezone.now() + timedelta(seconds=delay),
        last_error=message,
        **extra,
    )
    if delay <= 600:  # longer waits are the sweeper's job (and outlive the broker's visibility timeout)
        enqueue(channel, [row.pk], countdown=delay)


@contextmanager
def fast_commits() -> Iterator[None]:
    """Don't wait for the WAL flush when recording results: a crash of PostgreSQL itself could
    forget the last few milliseconds of "sent" marks (those e-mails would go out again), which
    is worth the several-fold throughput on a busy disk."""
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


@dataclass
class DeliveryReport:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0


def deliver(channel_name: str, ids: Iterable[int]) -> DeliveryReport:
    """Claim, send and record a batch of rows of one channel. Safe to run twice."""
    channel = channel_for(channel_name)
    model = channel.model
    report = DeliveryReport()
    owned = claim(model, ids)
    report.claimed = len(owned)
    if not owned:
        return report
    rows = list(channel.load(owned))
    with fast_commits(), channel.session():
        for row in rows:
            try:
                if row.attempts > settings.NOTIFICATIONS_MAX_ATTEMPTS:  # its workers kept dying while sending it
                    raise DeliveryError("no attempts left", permanent=True)
                extra = channel.send(row) or {}
            except Exception as exc:
                error = exc if isinstance(exc, DeliveryError) else DeliveryError(f"{type(exc).__name__}: {exc}")
                if not isinstance(exc, DeliveryError):
                    logger.exception("unexpected error delivering %s %s", channel_name, row.pk)
                failure_extra = error.extra
                record_failure(channel_name, model, row, error, **failure_extra)
                if error.permanent or row.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
                    report.failed += 1
                else:
                    report.retried += 1
                continue
            record_sent(model, row.pk, **extra)
            report.sent += 1
    return report


def sweep() -> int:
    """Queue rows that are due but were never queued (broker down at commit time), or
    whose claim expired (their worker died). Run by beat every NOTIFICATIONS_SWEEP_SECONDS."""

    now = timezone.now()
    grace = now - timedelta(seconds=settings.NOTIFICATIONS_SWEEP_SECONDS)
    total = 0
    for name, model in (("email", Notification), ("webhook", WebhookDelivery)):
        # A row due for less than one sweep interval is probably still in the queue: leave it.
        due = model.objects.claimable(now).filter(next_attempt_at__lte=grace)
        ids = list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:20000])
        if ids and enqueue(name, ids):
            total += len(ids)
    if total:
        logger.info("sweeper queued %s deliveries", total)
    return total
