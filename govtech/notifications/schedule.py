"""Periodic tasks of the notifications app (merged into beat by ``govtech.celery``)."""

from __future__ import annotations

from celery.schedules import crontab
from django.conf import settings

_HOUR = settings.NOTIFICATIONS_DIGEST_HOUR_UTC

BEAT_SCHEDULE = {
    "notifications-sweep": {
        "task": "govtech.notifications.tasks.sweep",
        "schedule": float(settings.NOTIFICATIONS_SWEEP_SECONDS),
        "options": {"queue": settings.NOTIFICATIONS_QUEUE, "expires": float(settings.NOTIFICATIONS_SWEEP_SECONDS)},
    },
    "notifications-saved-searches-daily": {
        "task": "govtech.notifications.tasks.run_saved_searches",
        "schedule": crontab(minute=0, hour=max(_HOUR - 1, 0)),
        "args": ["daily"],
    },
    "notifications-saved-searches-weekly": {
        "task": "govtech.notifications.tasks.run_saved_searches",
        "schedule": crontab(minute=0, hour=max(_HOUR - 1, 0), day_of_week="mon"),
        "args": ["weekly"],
    },
    "notifications-digest-daily": {
        "task": "govtech.notifications.tasks.compose_digests",
        "schedule": crontab(minute=0, hour=_HOUR),
        "args": ["daily"],
    },
    "notifications-digest-weekly": {
        "task": "govtech.notifications.tasks.compose_digests",
        "schedule": crontab(minute=15, hour=_HOUR, day_of_week="mon"),
        "args": ["weekly"],
    },
}
