"""Daily and weekly digests: the e-mails a person chose to receive in one go, grouped by call."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from govtech.notifications.delivery import enqueue_on_commit
from govtech.notifications.kinds import Kind
from govtech.notifications.models import Frequency, Notification, OutboxRow

logger = logging.getLogger(__name__)


Status = OutboxRow.Status


def digest_compose_for(*, user_id: int, frequency: str) -> Notification | None:
    """Gather one person's held e-mails of ``frequency`` into one digest e-mail, queued on commit.
    Safe to run twice: the held rows move to ``digested`` in the same transaction."""
    now = timezone.now()
    with transaction.atomic():
        held = list(
            Notification.objects.filter(
                recipient_id=user_id, channel=Notification.Channel.EMAIL, status=Status.HELD, frequency=frequency
            )
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        if not held:
            return None
        digest = Notification.objects.create(
            recipient_id=user_id,
            kind=Kind.DIGEST,
            event_key=f"digest:{frequency}:{now:%Y%m%dT%H%M%S}:{min(held)}",
            channel=Notification.Channel.EMAIL,
            context={"frequency": frequency, "count": len(held)},
            status=Status.PENDING,
            next_attempt_at=now,
        )
        Notification.objects.filter(pk__in=held).update(status=Status.DIGESTED, digest=digest, sent_at=now)
        enqueue_on_commit("email", [digest.pk])
    return digest


def digest_compose(*, frequency: str) -> int:
    """Compose the digests of everybody with held e-mails of ``frequency``; returns how many."""
    if frequency not in (Frequency.DAILY, Frequency.WEEKLY):
        raise ValueError(frequency)
    user_ids = (
        Notification.objects.filter(channel=Notification.Channel.EMAIL, status=Status.HELD, frequency=frequency)
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    composed = sum(1 for user_id in list(user_ids) if digest_compose_for(user_id=user_id, frequency=frequency))
    logger.info("composed %s %s digests", composed, frequency)
    return composed
