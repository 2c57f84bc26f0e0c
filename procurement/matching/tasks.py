"""Matching tasks: ids in, services do the work. All routed to the ``matching`` queue (CELERY_TASK_ROUTES)."""

from __future__ import annotations

from celery import shared_task

from procurement.matching import services
from procurement.matching.targets import KINDS


@shared_task(name="matching.rank_target")
def rank_target(kind: str, target_id: int) -> int | None:
    """Rank every eligible supplier for a call or challenge (safe twice and concurrently)."""
    if kind not in KINDS:
        return None
    return services.match_rank(kind=kind, pk=target_id)


@shared_task(name="matching.sweep")
def sweep() -> dict[str, int]:
    """Short beat task: suppliers changed since the last sweep, and targets left unranked."""
    return services.match_sweep()


@shared_task(name="matching.refresh_all")
def refresh_all() -> dict[str, int]:
    """Nightly: rebuild the index and rank every open call and published challenge."""
    return services.match_refresh_all()
