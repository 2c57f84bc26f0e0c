"""Celery tasks: ids in, a service does the work. Both are safe to run twice."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, max_retries=0)
def import_commit_task(job_id: int) -> None:
    """Commit a queued import (a job already claimed or finished is left alone)."""
    from startups.services.imports import import_commit

    import_commit(job_id=job_id)


@shared_task(acks_late=True, max_retries=3)
def documents_remind_expiring_task() -> int:
    """Daily: remind owners of compliance documents about to expire."""
    from startups.services.documents import documents_remind_expiring

    return documents_remind_expiring()


@shared_task(acks_late=True, max_retries=0)
def export_csv_task(job_id: int) -> None:
    """Write a queued directory export (a job already claimed or finished is left alone)."""
    from startups.services.exports import export_run

    export_run(job_id=job_id)
