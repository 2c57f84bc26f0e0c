"""Celery tasks: ids in, a service does the work. All are safe to run twice. Services queue them by name."""

from __future__ import annotations

from celery import shared_task

from startups.services.documents import documents_remind_expiring
from startups.services.exports import export_run
from startups.services.imports import import_commit


@shared_task(name="startups.tasks.import_commit_task", acks_late=True, max_retries=0)
def import_commit_task(job_id: int) -> None:
    """Commit a queued import (a job already claimed or finished is left alone)."""
    import_commit(job_id=job_id)


@shared_task(name="startups.tasks.documents_remind_expiring_task", acks_late=True, max_retries=3)
def documents_remind_expiring_task() -> int:
    """Daily: remind owners of compliance documents about to expire."""
    return documents_remind_expiring()


@shared_task(name="startups.tasks.export_csv_task", acks_late=True, max_retries=0)
def export_csv_task(job_id: int) -> None:
    """Write a queued directory export (a job already claimed or finished is left alone)."""
    export_run(job_id=job_id)
