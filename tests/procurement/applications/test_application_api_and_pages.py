"""The supplier's journey through the API and through the pages, with clear errors for bad input."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.utils import timezone

from procurement.applications.models import Application
from procurement.calls.models import Call
from tests.procurement.applications.applications_helpers import PDF, eligible, open_call, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(public_body: Any, supplier_org: Any) -> Call:
    eligible(supplier_org)
    return open_call(public_body)


def _patch(client: Any, pk: int, data: dict[str, Any]) -> Any:
    return client.patch(f"/api/v1/applications/{pk}/", json.dumps(data), content_type="application/json")


def test_the_api_journey_draft_files_submit_withdraw_resubmit(call, client_for, supplier_owner):
    client = client_for(supplier_owner)
    created = client.post("/api/v1/applications/", {"call": call.pk}, content_type="application/json")
    assert created.status_code == 201
    pk = created.json()["id"]
    again = client.post("/api/v1/applications/", {"call": call.pk}, content_type="application/json")
    assert again.status_code == 400
    assert "call" in again.json()["error"]["fields"]
    early = client.post(f"/api/v1/applications/{pk}/submit/")
    assert early.status_code == 400
    assert early.json()["error"]["fields"]
    content = {
        "title": "Semáforos que aprenden",
        "solution": "Sensores",
        "team": "Tres",
        "plan": "Seis meses",
        "criteria_responses": {"innovation": "Mucha", "price": "Poco"},
        "price": "90000.00",
        "currency": "COP",
        "milestones": [{"name": "Piloto", "month": 3}],
        "phase_prices": [{"phase": "design", "price": "30000"}],
    }
    assert _patch(client, pk, content).status_code == 200
    bad = _patch(client, pk, {"criteria_responses": {"nope": "x"}})
    assert bad.status_code == 400
    assert "criteria_responses" in bad.json()["error"]["fields"]
    uploaded = client.post(f"/api/v1/applications/{pk}/files/", {"file": pdf()})
    assert uploaded.status_code == 201
    disguised = client.post(f"/api/v1/applications/{pk}/files/", {"file": pdf("x.pdf", b"<html>no</html>")})
    assert disguised.status_code == 400
    assert "file" in disguised.json()["error"]["fields"]
    eligibility = client.get(f"/api/v1/applications/{pk}/eligibility/").json()
    assert (eligibility["eligible"], eligibility["reasons"], eligibility["missing"]) == (True, [], [])
    assert eligibility["missing_parts"] == []
    assert eligibility["requirements"] == {"criteria": True, "price": True, "team": False, "plan": False, "files": []}
    receipt = client.post(f"/api/v1/applications/{pk}/submit/")
    assert receipt.status_code == 201
    assert receipt.json()["number"] == 1
    assert receipt.json()["intact"] is True
    assert receipt.json()["manifest"]["content"]["files"][0]["sha256"] == uploaded.json()["sha256"]
    assert _patch(client, pk, {"title": "x"}).status_code == 409
    assert client.post(f"/api/v1/applications/{pk}/withdraw/").json()["status"] == "withdrawn"
    assert client.delete(f"/api/v1/applications/{pk}/files/{uploaded.json()['id']}/").status_code == 204
    assert client.post(f"/api/v1/applications/{pk}/submit/").json()["number"] == 2
    assert [r["number"] for r in client.get(f"/api/v1/applications/{pk}/receipts/").json()["results"]] == [1, 2]
    mine = client.get("/api/v1/applications/").json()["results"]
    assert [(row["id"], row["status"]) for row in mine] == [(pk, "submitted")]


def test_the_api_refuses_a_late_submission_with_the_time(call, client_for, supplier_owner):
    client = client_for(supplier_owner)
    pk = client.post("/api/v1/applications/", {"call": call.pk}, content_type="application/json").json()["id"]
    Call.objects.filter(pk=call.pk).update(submission_deadline=timezone.now() - datetime.timedelta(seconds=1))
    late = client.post(f"/api/v1/applications/{pk}/submit/", HTTP_ACCEPT_LANGUAGE="en")
    assert late.status_code == 400
    message = late.json()["error"]["message"]  # in the user's language: the deadline, in the call's time zone
    assert message.startswith(("The deadline passed at ", "El plazo venció el "))
    assert "(America/Bogota)" in message


def test_non_members_cannot_act_on_an_application(call, client_for, supplier_owner, officer, outsider):
    pk = (
        client_for(supplier_owner)
        .post("/api/v1/applications/", {"call": call.pk}, content_type="application/json")
        .json()["id"]
    )
    for user in (officer, outsider):
        client = client_for(user)
        assert _patch(client, pk, {"title": "x"}).status_code == 404
        assert client.post(f"/api/v1/applications/{pk}/submit/").status_code == 404
    # not a member of any supplier: an action the officer may not take (403), whatever the input
    assert (
        client_for(officer)
        .post("/api/v1/applications/", {"call": call.pk}, content_type="application/json")
        .status_code
        == 403
    )
    assert client_for(outsider).get(f"/api/v1/calls/{call.pk}/applications/").status_code == 403


def test_the_pages_journey(call, client_for, supplier_owner):
    client = client_for(supplier_owner)
    call_page = client.get(f"/en/opportunities/calls/{call.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"/applications/calls/{call.pk}/apply/" in call_page
    start = client.get(f"/en/applications/calls/{call.pk}/apply/", HTTP_ACCEPT_LANGUAGE="en")
    assert "meets the call" in start.content.decode()
    created = client.post(f"/en/applications/calls/{call.pk}/apply/")
    application = Application.objects.get(call=call)
    assert created["Location"].endswith(f"/applications/{application.pk}/edit/")
    form = {
        "title": "Semáforos",
        "solution": "Sensores",
        "team": "",
        "plan": "",
        "price": "100",
        "currency": "cop",
        "criterion_0": "Mucha",
        "criterion_1": "Poco",
        "phase_0": "50",
        "milestone_name_0": "Piloto",
        "milestone_month_0": "2",
        "partner_0": "",
    }
    saved = client.post(f"/en/applications/{application.pk}/edit/", form)
    assert saved.status_code == 302
    application.refresh_from_db()
    assert application.criteria_responses == {"innovation": "Mucha", "price": "Poco"}
    assert application.currency == "COP"
    assert application.milestones == [{"name": "Piloto", "month": 2}]
    attached = client.post(f"/en/applications/{application.pk}/files/", {"file": pdf()})
    assert attached.status_code == 302
    refused = client.post(
        f"/en/applications/{application.pk}/files/", {"file": pdf("x.pdf", b"GIF89a....")}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert refused.status_code == 400
    assert "govuk-error-summary" in refused.content.decode()
    assert client.post(f"/en/applications/{application.pk}/submit/").status_code == 302
    page = client.get(f"/en/applications/{application.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    receipt = application.receipts.get()
    assert receipt.digest in page
    receipt_page = client.get(f"/en/applications/{application.pk}/receipts/1/", HTTP_ACCEPT_LANGUAGE="en")
    assert "the manifest below hashes to this digest" in receipt_page.content.decode()
    mine = client.get("/en/applications/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert receipt.digest[:12] in mine
    file = application.files.get()
    download = client.get(f"/en/applications/{application.pk}/files/{file.pk}/")
    assert b"".join(download.streaming_content) == PDF
    assert client.get(f"/en/applications/calls/{call.pk}/apply/")["Location"].endswith(f"/{application.pk}/")


def test_a_second_application_from_the_page_is_a_clear_error_not_a_500(
    call, client_for, supplier_owner, supplier_member
):
    client_for(supplier_owner).post(f"/en/applications/calls/{call.pk}/apply/")
    # the member's page finds the existing application and sends them there
    response = client_for(supplier_member).get(f"/en/applications/calls/{call.pk}/apply/")
    assert response.status_code == 302
    assert Application.objects.filter(call=call).count() == 1


def test_the_officer_call_page_links_to_the_applications_received(call, client_for, officer):
    page = client_for(officer).get(f"/en/opportunities/manage/calls/{call.pk}/").content.decode()
    assert f"/applications/calls/{call.pk}/received/" in page
