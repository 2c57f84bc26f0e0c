"""Storing, re-running, notifying, dismissing and inviting: the services, on the database."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from govtech.audit.models import AuditEvent
from govtech.core.errors import Conflict, NotAllowed
from govtech.notifications.models import Notification
from procurement.matching import selectors, services, sources
from procurement.matching.models import MatchDismissal, MatchNotice, MatchResult, MatchSweep, MatchTargetState
from procurement.matching.scoring import ALGORITHM_VERSION
from tests.procurement.matching.wiring import published_call, published_challenge, traffic_supplier, unrelated_supplier

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_index() -> Any:
    sources.forget_catalogue()
    yield
    sources.forget_catalogue()


def test_ranking_a_published_call_stores_results_with_reasons_and_version(public_body, supplier_org) -> None:
    supplier = traffic_supplier(supplier_org)
    unrelated_supplier()
    call = published_call(public_body)
    assert services.match_target_rank(target=call) >= 1
    best = MatchResult.objects.filter(call=call).order_by("rank").first()
    assert best.supplier_id == supplier.pk
    assert best.rank == 1
    assert best.algorithm_version == ALGORITHM_VERSION
    assert best.computed_at is not None
    codes = [r["code"] for r in best.reasons]
    assert "code_shared" in codes
    assert "terms_matched" in codes
    assert "eligible" in codes
    terms = next(r for r in best.reasons if r["code"] == "terms_matched")["params"]["terms"]
    assert "semáforos" in terms  # the call's own words, not stems
    state = MatchTargetState.objects.get(call=call)
    assert state.algorithm_version == ALGORITHM_VERSION


def test_a_rerun_updates_in_place_and_drops_suppliers_that_left(public_body, supplier_org, other_supplier_org) -> None:
    keep = traffic_supplier(supplier_org)
    leaving = traffic_supplier(other_supplier_org)
    call = published_call(public_body)
    services.match_target_rank(target=call)
    ids = dict(MatchResult.objects.filter(call=call).values_list("supplier_id", "pk"))
    assert set(ids) >= {keep.pk, leaving.pk}
    services.match_target_rank(target=call)
    assert dict(MatchResult.objects.filter(call=call).values_list("supplier_id", "pk")) == ids  # upsert, same rows
    # the second supplier now says something else entirely
    leaving.solutions.all().delete()
    leaving.references.all().delete()
    leaving.cpv_codes.clear()
    type(leaving).objects.filter(pk=leaving.pk).update(
        pitch_es="Historias clínicas", description_es="Citas médicas para hospitales"
    )
    from startups.services import supplier_reindex

    supplier_reindex(leaving)
    services.match_target_rank(target=call)
    assert set(MatchResult.objects.filter(call=call).values_list("supplier_id", flat=True)) == {keep.pk}


def test_eligibility_rules_of_the_call_leave_suppliers_out(public_body, supplier_org) -> None:
    traffic_supplier(supplier_org, country="CO")
    call = published_call(public_body, eligible_countries=["BR"])
    services.match_target_rank(target=call)
    assert not MatchResult.objects.filter(call=call).exists()


def test_drafts_and_closed_calls_are_not_ranked(public_body, supplier_org) -> None:
    traffic_supplier(supplier_org)
    call = published_call(public_body, status="draft")
    assert services.match_target_rank(target=call) is None
    assert services.match_rank(kind="call", pk=999999) is None  # gone: quietly nothing


def test_a_challenge_is_ranked_too(public_body, supplier_org) -> None:
    supplier = traffic_supplier(supplier_org)
    challenge = published_challenge(public_body)
    services.match_target_rank(target=challenge)
    assert MatchResult.objects.filter(challenge=challenge, supplier=supplier, rank=1).exists()


def test_a_supplier_above_the_threshold_is_notified_once(settings, public_body, supplier_org, supplier_owner) -> None:
    settings.MATCHING_NOTIFY_THRESHOLD = 0.5
    supplier = traffic_supplier(supplier_org)
    call = published_call(public_body)
    services.match_target_rank(target=call)
    services.match_target_rank(target=call)
    rows = Notification.objects.filter(recipient=supplier_owner, kind="new_match")
    assert rows.filter(channel="email").count() == 1
    assert rows.filter(channel="inbox").count() == 1
    assert MatchNotice.objects.filter(call=call, supplier=supplier).count() == 1


def test_below_the_threshold_nobody_is_notified(settings, public_body, supplier_org, supplier_owner) -> None:
    settings.MATCHING_NOTIFY_THRESHOLD = 100
    traffic_supplier(supplier_org)
    services.match_target_rank(target=published_call(public_body))
    assert not Notification.objects.filter(kind="new_match").exists()


def test_a_supplier_dismisses_a_recommendation(public_body, supplier_org, supplier_owner, outsider) -> None:
    traffic_supplier(supplier_org)
    call = published_call(public_body)
    services.match_target_rank(target=call)
    result = selectors.recommendations_for(supplier_owner).get(call=call)
    with pytest.raises(NotAllowed):
        services.match_dismiss(actor=outsider, result=result)
    services.match_dismiss(actor=supplier_owner, result=result)
    services.match_dismiss(actor=supplier_owner, result=result)  # twice: one dismissal, one audit row
    assert MatchDismissal.objects.filter(call=call).count() == 1
    assert AuditEvent.objects.filter(verb="match.dismiss").count() == 1
    assert not selectors.recommendations_for(supplier_owner).exists()
    services.match_target_rank(target=call)  # a re-run does not bring it back
    assert not selectors.recommendations_for(supplier_owner).exists()


def test_an_officer_invites_a_suggested_supplier_once(public_body, officer, supplier_org, supplier_owner) -> None:
    supplier = traffic_supplier(supplier_org)
    other = unrelated_supplier()
    call = published_call(public_body)
    services.match_target_rank(target=call)
    services.match_invite(actor=officer, target=call, supplier_id=supplier.pk)
    assert Notification.objects.filter(recipient=supplier_owner, kind="invitation_to_apply").exists()
    assert AuditEvent.objects.filter(verb="match.invite").count() == 1
    with pytest.raises(Conflict):
        services.match_invite(actor=officer, target=call, supplier_id=supplier.pk)
    with pytest.raises(NotAllowed):
        services.match_invite(actor=supplier_owner, target=call, supplier_id=supplier.pk)
    from govtech.core.errors import ApplicationError

    with pytest.raises(ApplicationError):
        services.match_invite(actor=officer, target=call, supplier_id=other.pk)  # not suggested


def test_the_sweep_picks_up_a_changed_supplier(settings, public_body, supplier_org, other_supplier_org) -> None:
    settings.MATCHING_SWEEP_OVERLAP_SECONDS = 0
    traffic_supplier(supplier_org)
    call = published_call(public_body)
    first = services.match_sweep()
    assert first["targets_ranked"] == 1
    assert MatchSweep.objects.get(name="suppliers")
    assert services.match_sweep()["targets_ranked"] == 0  # nothing changed since
    newcomer = traffic_supplier(other_supplier_org)  # registered (and reindexed) after the last sweep
    assert services.match_sweep() == {"suppliers_changed": 1, "targets_ranked": 1}
    assert MatchResult.objects.filter(call=call, supplier=newcomer).exists()


def test_the_sweep_ranks_targets_whose_task_was_lost(public_body, supplier_org) -> None:
    traffic_supplier(supplier_org)
    services.match_sweep()
    call = published_call(public_body)  # published while Redis was down: no task ran
    assert services.match_sweep()["targets_ranked"] == 1
    assert MatchResult.objects.filter(call=call).exists()


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_store_one_consistent_ranking(
    settings, public_body, supplier_org, other_supplier_org, supplier_owner
) -> None:
    settings.MATCHING_NOTIFY_THRESHOLD = 0.5
    traffic_supplier(supplier_org)
    traffic_supplier(other_supplier_org)
    call = published_call(public_body)
    catalogue = sources.current_catalogue()
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def run() -> None:
        try:
            barrier.wait()
            services.match_target_rank(target=call, catalogue=catalogue)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert MatchResult.objects.filter(call=call).count() == 2
    assert sorted(MatchResult.objects.filter(call=call).values_list("rank", flat=True)) == [1, 2]
    assert MatchNotice.objects.filter(call=call).count() == 2
    assert Notification.objects.filter(recipient=supplier_owner, kind="new_match", channel="email").count() == 1
