"""Insiders against the seal (issue 21, findings 3, 7 and 8), each tried through the HTTP API and the pages by
the persona who tried it on the old main: staff learning who applied or how many before the deadline, open data
keeping an annulled award active, and a sealed receipt reaching a competitor's webhook."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from procurement.awards import services as awards
from procurement.awards.services import AwardLine
from procurement.ocds.build import ocid_for
from tests.procurement.factories import end_standstill, scored_call, second_supplier
from tests.procurement.ocds.test_publication import _all_valid

pytestmark = pytest.mark.django_db


# --- finding 7: open data tells the truth ------------------------------------------------------------------


def _record(client: Any, call_id: int) -> dict[str, Any]:
    response = client.get(f"/api/v1/ocds/records/{ocid_for(call_id)}/")
    assert response.status_code == 200
    return response.json()["records"][0]


def test_an_upheld_complaint_cancels_the_annulled_award_in_open_data(
    public_body: Any,
    approver: Any,
    evaluator: Any,
    officer: Any,
    supplier_org: Any,
    supplier_owner: Any,
    client_for: Any,
    anonymous: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    other, other_user = second_supplier()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        call, (first, second) = scored_call(
            public_body, approver, evaluator, [(supplier_org, supplier_owner), (other, other_user)], [(8, 6), (5, 9)]
        )
        annulled = awards.decision_take(
            call=call,
            actor=approver,
            outcome="awarded",
            justification="Best weighted score",
            awards=[AwardLine(first.pk, "85000", "COP")],
        )
    public = client_for(anonymous)
    assert [a["status"] for a in _record(public, call.pk)["compiledRelease"]["awards"]] == ["active"]
    complaint = awards.complaint_file(application=second, actor=other_user, grounds="Mi precio era mejor")
    with django_capture_on_commit_callbacks(execute=True):
        answered = client_for(officer).post(
            f"/api/v1/complaints/{complaint.pk}/answer/",
            {"answer": "uphold", "response": "Se revisará el precio"},
            content_type="application/json",
        )
    assert answered.status_code == 200, answered.content
    record = _record(public, call.pk)
    compiled = record["compiledRelease"]
    assert [(a["id"], a["status"]) for a in compiled["awards"]] == [(str(annulled.awards.get().pk), "cancelled")]
    assert compiled["tender"]["status"] == "active"  # back in evaluation, not complete
    assert any("awardCancellation" in release["tag"] for release in record["releases"])

    end_standstill(annulled)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        second_decision = awards.decision_take(
            call=call,
            actor=approver,
            outcome="awarded",
            justification="Best price after review",
            awards=[AwardLine(second.pk, "80000", "COP")],
        )
    compiled = _record(public, call.pk)["compiledRelease"]
    statuses = {a["id"]: a["status"] for a in compiled["awards"]}
    assert statuses == {str(annulled.awards.get().pk): "cancelled", str(second_decision.awards.get().pk): "active"}
    assert compiled["tender"]["status"] == "complete"
    _all_valid(ocid_for(call.pk))  # every release, the packages and the compiled record, against the schema
