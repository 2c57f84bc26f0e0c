"""Matching's tasks go to the ``matching`` queue, and every worker the project starts consumes it."""

from __future__ import annotations

import inspect
import re

import yaml
from django.conf import settings

from govtech.celery import app
from govtech.devtools.management.commands import runportal
from tests.conftest import ROOT, celery_worker_process


def test_matching_tasks_are_routed_to_their_queue() -> None:
    from procurement.matching import tasks  # noqa: F401 - registers them (autodiscovery is lazy)

    assert settings.CELERY_TASK_ROUTES["matching.*"] == {"queue": "matching"}
    for name in ("matching.rank_target", "matching.sweep", "matching.refresh_all"):
        assert name in app.tasks
        assert app.amqp.router.route({}, name)["queue"].name == "matching"


def test_the_beat_schedule_has_the_sweep_and_the_nightly_refresh() -> None:
    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {"matching.sweep", "matching.refresh_all"} <= tasks


def test_every_worker_the_project_starts_consumes_the_matching_queue() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    command = compose["services"]["worker"]["command"]
    assert "matching" in command[command.index("-Q") + 1].split(",")
    source = inspect.getsource(runportal)
    assert re.search(r'"-Q",\s*"[^"]*\bmatching\b', source)
    fixture = inspect.getsource(celery_worker_process)
    assert re.search(r'queues: str = "[^"]*\bmatching\b', fixture)
