from __future__ import annotations

from celery import shared_task

from procurement.calls.services import calls_close_due


@shared_task(name="procurement.close_due_calls")
def close_due_calls() -> list[int]:
    """Close published calls whose deadline passed (idempotent: a closed call is skipped)."""
    return calls_close_due()
