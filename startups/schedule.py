"""Periodic tasks of the registry (merged into Celery beat by ``govtech.celery``)."""

from __future__ import annotations

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "startups-documents-remind-expiring": {
        "task": "startups.tasks.documents_remind_expiring_task",
        "schedule": crontab(hour=7, minute=15),
    },
}
