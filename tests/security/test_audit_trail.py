"""The auditor's view of the audit trail: read and export, filtered, for auditors and admins only."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from govtech.accounts.models import Membership, Organisation
from govtech.audit.models import AuditEvent
from govtech.audit.services import audit_record
from tests.audit.factories import AuditEventFactory

pytestmark = pytest.mark.django_db

READERS = ["auditor", "admin"]
REFUSED = ["editor", "publisher", "officer", "evaluator", "approver", "supplier_owner", "supplier_member", "outsider"]


@pytest.fixture
def event(public_body, officer):
    return AuditEventFactory(actor=officer, organisation_id=public_body.pk)


def _urls(event):
    return ["/es/audit/", "/es/audit/export.csv", f"/es/audit/{event.pk}/"]


def _api_urls(event):
    return ["/api/v1/audit-events/", f"/api/v1/audit-events/{event.pk}/"]


@pytest.mark.parametrize("name", READERS)
def test_auditors_and_admins_read_every_page_and_endpoint(persona, client_for, event, name):
    client = client_for(persona(name))
    for url in _urls(event) + _api_urls(event):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("name", REFUSED)
def test_everyone_else_signed_in_is_refused(persona, client_for, event, name):
    client = client_for(persona(name))
    for url in _urls(event):
        assert client.get(url).status_code == 403, url
    for url in _api_urls(event):
        response = client.get(url)
        assert response.status_code == 403, url
        assert response.json()["error"]["code"] == "permission_denied"


def test_anonymous_visitors_are_sent_to_sign_in_and_refused_by_the_api(client, event):
    for url in _urls(event):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    for url in _api_urls(event):
        assert client.get(url).status_code == 401  # with a WWW-Authenticate: Bearer challenge


def test_the_trail_is_read_only_through_the_api(auditor, client_for, event):
    client = client_for(auditor)
    assert client.post("/api/v1/audit-events/", {"verb": "x"}).status_code in (403, 405)
    assert client.delete(f"/api/v1/audit-events/{event.pk}/").status_code in (403, 405)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_database_refuses_to_rewrite_or_delete_an_event(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(verb="nothing.happened")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).verb == event.verb


def test_the_trail_filters_by_organisation_record_actor_verb_and_period(auditor, client_for, public_body, officer):
    other = Organisation.objects.create(kind="public_body", name="Prefeitura do Recife", slug="recife")
    membership = Membership.objects.get(user=officer)
    kept = audit_record(actor=officer, verb="membership.approve", target=membership, organisation_id=public_body.pk)
    AuditEventFactory(actor=auditor, verb="call.publish", organisation_id=other.pk)
    client = client_for(auditor)
    membership_type = ContentType.objects.get_for_model(Membership).pk
    today = timezone.localdate().isoformat()
    queries = [
        f"organisation={public_body.pk}",
        f"target_type={membership_type}&target_id={membership.pk}",
        f"actor={officer.pk}",
        f"actor={officer.email.upper()}",
        "verb=membership.",
        f"since={today}&until={today}&verb=membership",
    ]
    for query in queries:
        ids = [row["id"] for row in client.get(f"/api/v1/audit-events/?{query}").json()["results"]]
        assert ids == [kept.pk], query
        page = client.get(f"/es/audit/?{query}")
        assert list(page.context["page"].object_list) == [kept], query
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert client.get(f"/api/v1/audit-events/?since={tomorrow}").json()["count"] == 0


def test_a_period_that_ends_before_it_starts_is_a_field_error(auditor, client_for):
    client = client_for(auditor)
    page = client.get("/en/audit/?since=2026-05-01&until=2026-04-01")
    assert page.status_code == 200
    assert "must not be before its start" in page.content.decode()
    assert "govuk-error-summary" in page.content.decode()
    api = client.get("/api/v1/audit-events/?since=2026-05-01&until=2026-04-01")
    assert api.status_code == 400
    assert "until" in api.json()["error"]["fields"]
    assert client.get("/api/v1/audit-events/?since=yesterday").status_code == 400
    assert client.get("/en/audit/export.csv?since=not-a-date").status_code == 400


def test_the_pages_are_paginated(auditor, client_for):
    AuditEventFactory.create_batch(54, actor=auditor)  # and the chain's genesis row: 55
    assert AuditEvent.objects.count() == 55
    client = client_for(auditor)
    first = client.get("/es/audit/")
    assert len(first.context["page"].object_list) == 50
    assert "page=2" in first.content.decode()
    assert len(client.get("/es/audit/?page=2").context["page"].object_list) == 5
    assert client.get("/es/audit/?page=999").status_code == 200
    assert client.get("/api/v1/audit-events/?page_size=10").json()["count"] == 55


def test_the_api_list_reads_a_fixed_number_of_queries(auditor, client_for):
    AuditEventFactory.create_batch(5, actor=auditor, target_type=ContentType.objects.get_for_model(Organisation))
    client = client_for(auditor)
    client.get("/api/v1/audit-events/")
    with CaptureQueriesContext(connection) as five:
        client.get("/api/v1/audit-events/")
    AuditEventFactory.create_batch(20, actor=auditor, target_type=ContentType.objects.get_for_model(Organisation))
    with CaptureQueriesContext(connection) as twenty_five:
        client.get("/api/v1/audit-events/")
    assert len(five) == len(twenty_five)


def test_the_csv_export_neutralises_spreadsheet_formulas(auditor, client_for):
    AuditEventFactory(actor=auditor, verb="call.publish", target_repr='=HYPERLINK("http://evil.example","clic")')
    AuditEventFactory(actor=auditor, verb="call.publish", target_repr="+cmd|' /C calc'!A0")
    AuditEventFactory(actor=auditor, verb="call.publish", target_repr="@SUM(1+1)")
    AuditEventFactory(actor=auditor, verb="call.publish", target_repr="Reto de movilidad – Medellín")
    response = client_for(auditor).get("/es/audit/export.csv?verb=call.publish")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    targets = {row["target"] for row in rows}
    assert targets == {
        '\'=HYPERLINK("http://evil.example","clic")',
        "'+cmd|' /C calc'!A0",
        "'@SUM(1+1)",
        "Reto de movilidad – Medellín",
    }
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value


def test_hostile_text_in_an_event_renders_inert(auditor, client_for):
    event = AuditEventFactory(actor=auditor, target_repr="<script>alert(1)</script>", after={"x": "<img src=x>"})
    client = client_for(auditor)
    for url in ("/es/audit/", f"/es/audit/{event.pk}/"):
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x>" not in client.get(f"/es/audit/{event.pk}/").content.decode()


def test_an_event_about_a_person_names_them_by_id_only(admin, officer):
    event = audit_record(actor=admin, verb="user.role_change", target=officer)
    assert event.target_repr == f"accounts.user #{officer.pk}"
    assert officer.email not in event.target_repr
