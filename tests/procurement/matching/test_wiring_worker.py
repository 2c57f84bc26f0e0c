"""End to end through a real Celery worker process consuming the ``matching`` queue: publishing a call ranks
the suppliers, stores the results with reasons, tells the supplier once (e-mail through the outbox and a real
SMTP server), and the pages and the API show them; a supplier registered later is picked up by the sweep."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings

from govtech.notifications.models import Notification
from procurement.calls.models import Call
from procurement.calls.services import call_approve
from procurement.matching.models import MatchNotice, MatchResult, MatchTargetState
from procurement.matching.tasks import rank_target, sweep
from tests.procurement.matching.wiring import published_call, traffic_supplier
from tests.startups.english import en_url

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def wait_until(check: Callable[[], Any], timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    return check()


def test_publishing_a_call_ranks_notifies_once_and_shows_everywhere(
    smtp_server: Any,
    worker_env: dict[str, str],
    celery_worker_process: Any,
    public_body: Any,
    approver: Any,
    officer: Any,
    supplier_org: Any,
    supplier_owner: Any,
    other_supplier_org: Any,
    client_for: Any,
) -> None:
    worker_env["MATCHING_NOTIFY_THRESHOLD"] = "0.5"
    worker_env.update(EMAIL_HOST=str(settings.EMAIL_HOST), EMAIL_PORT=str(settings.EMAIL_PORT))  # the SMTP sink
    supplier = traffic_supplier(supplier_org)
    call = published_call(public_body, status=Call.Status.IN_APPROVAL)
    celery_worker_process(name="matching")  # the default queues: celery and matching

    started = time.monotonic()
    call_approve(call=call, actor=approver)  # enqueued on commit
    assert wait_until(lambda: MatchResult.objects.filter(call=call).exists()), "no ranking stored"
    elapsed = time.monotonic() - started
    result = MatchResult.objects.get(call=call, supplier=supplier)
    assert result.rank == 1
    assert {r["code"] for r in result.reasons} >= {"code_shared", "terms_matched"}

    # the supplier's people are told once, by e-mail through the outbox
    assert wait_until(lambda: any("Semáforos" in str(m["Subject"]) for m in smtp_server.parsed()), timeout=60)
    ranked_at = MatchTargetState.objects.get(call=call).ranked_at
    rank_target.delay("call", call.pk)  # a re-run, through the worker
    assert wait_until(lambda: MatchTargetState.objects.get(call=call).ranked_at > ranked_at)
    assert MatchNotice.objects.filter(call=call).count() == 1
    assert Notification.objects.filter(recipient=supplier_owner, kind="new_match", channel="email").count() == 1
    time.sleep(1)
    to_supplier = [m for m in smtp_server.parsed() if m["To"] == supplier_owner.email]
    assert len(to_supplier) == 1

    # the officer sees the suggestion with its reasons; the supplier sees the recommendation
    page = client_for(officer).get(en_url("matching:call_suggestions", call.pk), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert supplier.display_name in page.content.decode()
    assert "Key words in common" in page.content.decode()
    api = client_for(supplier_owner).get("/api/v1/matches/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert [row["target"]["id"] for row in api["results"]] == [call.pk]

    # a supplier registered afterwards is picked up by the sweep (the beat task), in the worker
    newcomer = traffic_supplier(other_supplier_org)
    sweep.delay()
    assert wait_until(lambda: MatchResult.objects.filter(call=call, supplier=newcomer).exists()), "sweep missed it"
    assert elapsed < 30, f"ranking took {elapsed:.1f}s"
