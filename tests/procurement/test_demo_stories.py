"""The demo shows the whole product: calls in every state, each persona with something to do (docs/personas.md)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from procurement.applications.models import Application
from procurement.awards.models import Complaint, Decision
from procurement.calls.models import Call, Question
from procurement.evaluation.models import Declaration, PanelMember, Score

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

S = Call.Status


def test_the_demo_tells_every_state_of_a_call_and_leaves_each_persona_work() -> None:
    call_command("load_demo", stdout=io.StringIO())
    states = set(Call.objects.values_list("status", flat=True))
    assert states >= {
        S.DRAFT,
        S.IN_APPROVAL,
        S.PUBLISHED,
        S.CLOSED,
        S.IN_EVALUATION,
        S.AWARDED,
        S.UNSUCCESSFUL,
        S.CANCELLED,
    }

    # States never lie: every awarded call has an award in force, a report, and a contract here.
    for call in Call.objects.filter(status=S.AWARDED):
        decision = Decision.objects.in_force().get(call=call)
        assert decision.awards.exists()
        assert decision.report_sha256
        award = decision.awards.get()
        assert award.contract_signed_on is not None
        assert award.milestones.count() == 2
        assert Complaint.objects.filter(decision=decision).exclude(status=Complaint.Status.FILED).exists()
    cancelled = Call.objects.get(status=S.CANCELLED)
    assert cancelled.cancel_reason

    # The approver has applications to open; the evaluator an assignment with declarations and scores to give.
    waiting = Call.objects.filter(status=S.CLOSED, opening__isnull=True, applications__status="submitted").distinct()
    assert waiting.exists()
    evaluating = Call.objects.get(status=S.IN_EVALUATION)
    seat = PanelMember.objects.get(panel__call=evaluating, user__email="evaluator@demo.govtech.example")
    assert not Declaration.objects.filter(member=seat).exists()
    assert Score.objects.filter(member__panel__call=evaluating).exists()
    # The officer has a question to answer; the startup a draft to finish.
    assert Question.objects.filter(call__body__name__startswith="Secretaría", status=Question.Status.PENDING).exists()
    assert Application.objects.filter(
        status=Application.Status.DRAFT, supplier__memberships__user__email="startup@demo.govtech.example"
    ).exists()

    call_command("load_demo", stdout=io.StringIO())
    assert Call.objects.filter(status=S.AWARDED).count() == 1
