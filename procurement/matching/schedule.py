from __future__ import annotations

from celery.schedules import crontab
from django.conf import settings

BEAT_SCHEDULE = {
    "matching-sweep": {"task": "matching.sweep", "schedule": float(settings.MATCHING_SWEEP_SECONDS)},
    "matching-refresh-all": {
        "task": "matching.refresh_all",
        "schedule": crontab(hour=settings.MATCHING_REFRESH_HOUR_UTC, minute=17),
    },
}
