"""Celery tasks: thin, ids in, the work is in ``delivery``, ``digests`` and ``saved_searches``."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, ignore_result=True)
def deliver(channel: str, ids: list[int]) -> dict[str, int]:
    """Deliver a batch of outbox rows of ``channel`` ("email" or "webhook"). Safe to run twice."""
    from govtech.notifications.delivery import deliver as deliver_rows

    report = deliver_rows(channel, ids)
    return {"claimed": report.claimed, "sent": report.sent, "retried": report.retried, "failed": report.failed}


@shared_task(ignore_result=True)
def sweep() -> int:
    """Queue again what is due but not queued, or claimed by a worker that died."""
    from govtech.notifications.delivery import sweep as sweep_rows

    return sweep_rows()


@shared_task(ignore_result=True)
def compose_digests(frequency: str) -> int:
    from govtech.notifications.digests import digest_compose

    return digest_compose(frequency=frequency)


@shared_task(ignore_result=True)
def run_saved_searches(frequency: str) -> int:
    from govtech.notifications.saved_searches import saved_searches_run_due

    return saved_searches_run_due(frequency=frequency)
