"""The issue's "done when", through the HTML pages: draft a challenge and a phased call, approve, ask, answer,
the deadline passes and the close task runs."""

from __future__ import annotations

import datetime
from typing import Any
from unittest import mock

from govtech.audit.models import AuditEvent
from procurement.calls.models import Call, Question
from procurement.calls.services import question_ask
from procurement.challenges.models import Challenge
from procurement.tasks import close_due_calls
from tests.procurement.calls.officer_helpers import BOGOTA, call_post, challenge_post
from tests.procurement.factories import verified_body


def test_the_whole_journey_runs_through_the_pages(
    public_body: Any, officer: Any, approver: Any, supplier_owner: Any, client_for: Any
) -> None:
    desk = client_for(officer)
    assert "not verified yet" in desk.get("/en/opportunities/manage/").content.decode()
    verified_body(public_body)
    assert "not verified yet" not in desk.get("/en/opportunities/manage/").content.decode()

    response = desk.post(f"/en/opportunities/manage/bodies/{public_body.pk}/challenges/new/", challenge_post())
    assert response.status_code == 302, response.content.decode()[:2000]
    challenge = Challenge.objects.get(body=public_body)
    assert challenge.sectors == ["mobility"]
    assert challenge.cpv_codes == ["34996000"]
    assert desk.post(f"/en/opportunities/manage/challenges/{challenge.pk}/do/publish/").status_code == 302

    form = desk.get(f"/en/opportunities/manage/bodies/{public_body.pk}/calls/new/?challenge={challenge.pk}")
    assert "America/Bogota" in form.content.decode()
    response = desk.post(
        f"/en/opportunities/manage/bodies/{public_body.pk}/calls/new/", call_post(challenge=str(challenge.pk))
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    call = Call.objects.get(body=public_body)
    assert call.challenge == challenge
    assert call.status == Call.Status.DRAFT
    assert [p["suppliers"] for p in call.phases] == [4, 2, 1]
    assert call.phases[0]["down_selection"] == "Los mejores 2 pasan"
    assert sum(c["weight"] for c in call.criteria) == 100
    assert call.timezone == "America/Bogota"
    assert call.submission_deadline.astimezone(BOGOTA).strftime("%Y-%m-%dT%H:%M") == call_post()["submission_deadline"]

    page = desk.get(f"/en/opportunities/manage/calls/{call.pk}/").content.decode()
    assert "Submit for approval" in page
    assert "Approve and publish" not in page
    assert desk.post(f"/en/opportunities/manage/calls/{call.pk}/do/submit/").status_code == 302
    refused = desk.post(f"/en/opportunities/manage/calls/{call.pk}/do/approve/")
    assert refused.status_code == 403
    assert "Only approvers" in refused.content.decode()

    boss = client_for(approver)
    assert "Waiting for your approval" in boss.get("/en/opportunities/manage/").content.decode()
    assert boss.post(f"/en/opportunities/manage/calls/{call.pk}/do/approve/").status_code == 302
    call.refresh_from_db()
    assert call.status == Call.Status.PUBLISHED
    assert call.approved_by == approver

    supplier = client_for(supplier_owner)
    assert supplier.get(f"/en/opportunities/calls/{call.pk}/").status_code == 200

    question = question_ask(call=call, actor=supplier_owner, text="¿Se aceptan consorcios?")
    assert "Unanswered questions (1):" in desk.get("/en/opportunities/manage/").content.decode()
    response = desk.post(
        f"/en/opportunities/manage/questions/{question.pk}/answer/",
        {"answer": "Sí, con hasta tres miembros.", "decision": "answer"},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED
    assert "Sí, con hasta tres miembros." in supplier.get(f"/en/opportunities/calls/{call.pk}/").content.decode()

    later = call.submission_deadline + datetime.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert close_due_calls() == [call.pk]
    call.refresh_from_db()
    assert call.status == Call.Status.CLOSED
    verbs = set(AuditEvent.objects.filter(organisation_id=public_body.pk).values_list("verb", flat=True))
    assert {
        "challenge.create",
        "call.create",
        "call.in_approval",
        "call.published",
        "question.answered",
        "call.closed",
    } <= verbs

    page = desk.get(f"/en/opportunities/manage/calls/{call.pk}/").content.decode()
    assert "Start evaluation" in page
    assert "Close for submissions" not in page
    assert desk.post(f"/en/opportunities/manage/calls/{call.pk}/do/start_evaluation/").status_code == 302
    # no application came in: the call ends unsuccessful, never awarded (there is no "award" button any more)
    assert boss.post(f"/en/opportunities/manage/calls/{call.pk}/do/award/").status_code == 400
    done = boss.post(f"/en/opportunities/manage/calls/{call.pk}/do/unsuccessful/", {"reason": "No applications."})
    assert done.status_code == 302
    call.refresh_from_db()
    assert call.status == Call.Status.UNSUCCESSFUL
