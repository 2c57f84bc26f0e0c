"""Growth beyond one machine: queue routing is a setting, and workers on separate queues each run only
their own tasks (two real worker processes, as two machines would run them)."""

from __future__ import annotations

import datetime
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from govtech.settings.env import env_routes

pytestmark = pytest.mark.slow


def test_routes_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    default = {"matching.*": "matching"}
    monkeypatch.delenv("CELERY_QUEUE_ROUTES", raising=False)
    assert env_routes("CELERY_QUEUE_ROUTES", default) == {"matching.*": {"queue": "matching"}}
    monkeypatch.setenv("CELERY_QUEUE_ROUTES", "notifications.*=mail, ocds.*=open-data,matching.*=-")
    assert env_routes("CELERY_QUEUE_ROUTES", default) == {
        "notifications.*": {"queue": "mail"},
        "ocds.*": {"queue": "open-data"},
    }
    monkeypatch.setenv("CELERY_QUEUE_ROUTES", "notifications.*")
    with pytest.raises(ImproperlyConfigured, match="pattern=queue"):
        env_routes("CELERY_QUEUE_ROUTES", default)


def _wait(check: Any, timeout: float = 90) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := check():
            return value
        time.sleep(0.3)
    return check()


@pytest.mark.django_db(transaction=True)
def test_two_workers_on_separate_queues_each_run_only_their_own(
    celery_worker_process: Any, tmp_path: Path, public_body: Any, supplier_org: Any
) -> None:
    from procurement.calls.models import Call
    from procurement.matching.models import MatchTargetState
    from procurement.matching.tasks import rank_target
    from procurement.tasks import close_due_calls
    from tests.procurement.matching.wiring import published_call, traffic_supplier

    traffic_supplier(supplier_org)
    to_rank = published_call(public_body)
    due = published_call(public_body, title="Alumbrado público inteligente")
    past = timezone.now() - datetime.timedelta(hours=1)
    Call.objects.filter(pk=due.pk).update(
        questions_deadline=past - datetime.timedelta(days=1), submission_deadline=past
    )
    celery_worker_process(queues="celery", name="default")
    celery_worker_process(queues="matching", name="matching")

    rank_target.delay("call", to_rank.pk)
    close_due_calls.delay()
    assert _wait(lambda: MatchTargetState.objects.filter(call=to_rank).exists()), "the matching worker did not rank"
    assert _wait(lambda: Call.objects.get(pk=due.pk).status == Call.Status.CLOSED), "the default worker did not close"

    def log(name: str) -> str:
        return (tmp_path / f"worker-{name}.log").read_text(errors="replace")

    assert _wait(
        lambda: (
            "Task procurement.close_due_calls[" in log("default") and "Task matching.rank_target[" in log("matching")
        )
    )
    assert "Task matching.rank_target[" not in log("default")
    assert "Task procurement.close_due_calls[" not in log("matching")
