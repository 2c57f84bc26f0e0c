"""Issue #5's whole journey through the services, then read as the public: apply, receipt, deadline, opening,
conflict-of-interest declarations, scoring, ranking, award, debrief, public award, OCDS release."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from govtech.notifications.kinds import Kind
from govtech.notifications.models import Notification
from procurement.applications import services as applications
from procurement.applications.models import Application
from procurement.awards import services as awards
from procurement.awards.services import AwardLine
from procurement.calls.models import Call
from procurement.evaluation import selectors as evaluation_selectors
from procurement.evaluation import services as evaluation
from procurement.ocds.build import ocid_for
from procurement.ocds.models import Release
from tests.procurement.applications.applications_helpers import complete_draft, eligible, open_call, pdf
from tests.procurement.factories import pass_deadline, second_supplier

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_apply_to_public_award(
    public_body: Any,
    officer: Any,
    approver: Any,
    evaluator: Any,
    supplier_org: Any,
    supplier_owner: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    other, other_user = second_supplier()
    eligible(supplier_org)
    eligible(other)
    call = open_call(public_body, phases=[])  # one round: the decision awards
    # Two suppliers apply; each submission gets a receipt with a SHA-256 digest.
    receipts = []
    for org, user in ((supplier_org, supplier_owner), (other, other_user)):
        draft = complete_draft(call, user, org)
        applications.application_file_add(application=draft, actor=user, upload=pdf())
        receipts.append(applications.application_submit(application=draft, actor=user))
    assert all(len(r.digest) == 64 for r in receipts)
    mine, theirs = (r.application for r in receipts)
    # Sealed: before the deadline the body reads nothing, only the count.
    assert not Application.objects.visible_to(officer).filter(call=call).exists()
    assert Application.objects.count_submitted(call) == 2
    # The deadline passes; the opening is an explicit act.
    call = pass_deadline(call)
    applications.applications_open(call=call, actor=officer, declare=True)
    assert Application.objects.visible_to(officer).filter(call=call).count() == 2
    # The panel: one evaluator, declarations before any proposal, scores with justifications.
    evaluation.panel_configure(
        call=call, actor=approver, scale_max=10, disagreement_threshold="3", blind_first_round=False
    )
    member = evaluation.panel_member_add(call=call, user=evaluator, actor=approver)
    assert not Application.objects.visible_to(evaluator).filter(call=call).exists()
    for application in (mine, theirs):
        evaluation.declaration_sign(member=member, application=application, actor=evaluator, conflict=False)
    for application, values in ((mine, (9, 7)), (theirs, (4, 5))):
        for criterion, value in zip((c["name"] for c in call.criteria), values, strict=False):
            evaluation.score_record(
                member=member,
                application=application,
                criterion=criterion,
                score=value,
                justification=f"{criterion}: justified",
                actor=evaluator,
            )
    evaluation.evaluation_submit(member=member, actor=evaluator)
    ranking = evaluation_selectors.ranking(call)
    assert [row.application.pk for row in ranking] == [mine.pk, theirs.pk]
    # The decision: award, report kept, every applicant debriefed, the award public and published as OCDS.
    with django_capture_on_commit_callbacks(execute=True):
        decision = awards.decision_take(
            call=call,
            actor=approver,
            outcome="awarded",
            justification="Best weighted score",
            awards=[AwardLine(mine.pk, "85000", call.currency)],
            declare=True,
        )
    assert decision.report_sha256
    call.refresh_from_db()
    assert call.status == Call.Status.AWARDED
    debriefed = set(Notification.objects.filter(kind=Kind.OUTCOME).values_list("recipient_id", flat=True))
    assert {supplier_owner.pk, other_user.pk} <= debriefed
    public = APIClient().get("/api/v1/awards/", {"call": call.pk})
    assert public.status_code == 200
    body = public.json()
    rows = body.get("results", body)
    assert len(rows) == 1
    assert Decimal(str(rows[0]["amount"])) == Decimal("85000")
    assert "award" in [
        t for data in Release.objects.of_ocid(ocid_for(call.pk)).values_list("data", flat=True) for t in data["tag"]
    ]
