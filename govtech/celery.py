"""The Celery app. Workers beat a heartbeat into Redis for ``/readyz``; request ids travel in headers."""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import threading
import time
from typing import Any

from celery import Celery
from celery.signals import before_task_publish, task_postrun, task_prerun, worker_ready, worker_shutdown
from django.conf import settings

from govtech.core.health import redis_client
from govtech.core.requestid import get_request_id, reset_request_id, set_request_id

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govtech.settings.dev")

app = Celery("govtech")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Each app may declare its periodic tasks in ``<app>/schedule.py`` as ``BEAT_SCHEDULE``.
SCHEDULE_MODULES = [
    "govtech.core",
    "govtech.notifications",
    "startups",
    "procurement",
    "procurement.matching",
    "procurement.ocds",
    "recommendations",
]


def collect_beat_schedule() -> dict[str, Any]:

    schedule: dict[str, Any] = {}
    for module_name in SCHEDULE_MODULES:
        try:
            module = importlib.import_module(f"{module_name}.schedule")
        except ModuleNotFoundError as exc:
            if exc.name != f"{module_name}.schedule":
                raise
            continue
        schedule.update(module.BEAT_SCHEDULE)
    return schedule


app.conf.beat_schedule = collect_beat_schedule()

logger = logging.getLogger(__name__)
_stop = threading.Event()


def _beat_forever() -> None:

    while not _stop.is_set():
        try:
            redis_client().set(
                settings.WORKER_HEARTBEAT_KEY, str(time.time()), ex=settings.WORKER_HEARTBEAT_MAX_AGE * 2
            )
        except Exception:
            logger.warning("worker heartbeat could not reach Redis")
        _stop.wait(settings.WORKER_HEARTBEAT_SECONDS)


@worker_ready.connect
def _start_heartbeat(**_: Any) -> None:
    threading.Thread(target=_beat_forever, name="govtech-heartbeat", daemon=True).start()


@worker_shutdown.connect
def _stop_heartbeat(**_: Any) -> None:
    _stop.set()


@before_task_publish.connect
def _carry_request_id(headers: dict[str, Any] | None = None, **_: Any) -> None:

    if headers is not None and "request_id" not in headers:
        headers["request_id"] = get_request_id()


_tokens: dict[str, Any] = {}


@task_prerun.connect
def _adopt_request_id(task_id: str | None = None, task: Any = None, **_: Any) -> None:

    request_id = getattr(task.request, "request_id", None) if task is not None else None
    if task_id:
        _tokens[task_id] = set_request_id(request_id or f"task-{task_id[:8]}")


@task_postrun.connect
def _drop_request_id(task_id: str | None = None, **_: Any) -> None:

    token = _tokens.pop(task_id or "", None)
    if token is not None:
        with contextlib.suppress(ValueError):  # a token from another context: nothing to restore
            reset_request_id(token)
