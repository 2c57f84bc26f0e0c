"""Celery tasks: thin, ids in, the work is in ``delivery``, ``digests`` and ``saved_searches``.

Tasks have explicit, stable names: services queue them by name (``delivery.DELIVER_TASK``), so no module below the
tasks imports them.
"""

from __future__ import annotations

from celery import shared_task

from govtech.notifications import delivery, digests, saved_searches


@shared_task(name=delivery.DELIVER_TASK, acks_late=True, ignore_result=True)
def deliver(channel: str, ids: list[int]) -> dict[str, int]:
    """Deliver a batch of outbox rows of ``channel`` ("email" or "webhook"). Safe to run twice."""
    report = delivery.deliver(channel, ids)
    return {"claimed": report.claimed, "sent": report.sent, "retried": report.retried, "failed": report.failed}


@shared_task(name="govtech.notifications.tasks.sweep", ignore_result=True)
def sweep() -> int:
    """Queue again what is due but not queued, or claimed by a worker that died."""
    return delivery.sweep()


@shared_task(name="govtech.notifications.tasks.compose_digests", ignore_result=True)
def compose_digests(frequency: str) -> int:
    return digests.digest_compose(frequency=frequency)


@shared_task(name="govtech.notifications.tasks.run_saved_searches", ignore_result=True)
def run_saved_searches(frequency: str) -> int:
    return saved_searches.saved_searches_run_due(frequency=frequency)
