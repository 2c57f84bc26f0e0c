"""Compliance documents: checked uploads, private downloads, expiry reminders."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from govtech.accounts.models import User
from govtech.core.errors import ApplicationError, NotAllowed
from govtech.notifications.kinds import Kind
from govtech.notifications.models import Notification
from startups import services
from startups.models import ComplianceDocument, Supplier
from tests.startups.conftest import ALL_PERSONAS, PDF_BYTES, PNG_BYTES
from tests.startups.english import en_url
from tests.startups.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def pdf(name: str = "paz-y-salvo.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_an_owner_uploads_a_certificate_with_its_expiry(team: Supplier, supplier_owner: User) -> None:
    doc = services.document_upload(
        actor=supplier_owner, supplier=team, kind="tax_standing", upload=pdf(), expires_on=datetime.date(2030, 1, 1)
    )
    assert (doc.content_type, doc.original_name) == ("application/pdf", "paz-y-salvo.pdf")
    assert doc.file.name.endswith(".pdf")


def test_the_type_is_checked_by_content_not_by_name(team: Supplier, supplier_owner: User) -> None:
    with pytest.raises(ApplicationError) as caught:
        services.document_upload(
            actor=supplier_owner,
            supplier=team,
            kind="tax_standing",
            upload=pdf("trap.pdf", b"<html><script>alert(1)</script></html>"),
        )
    assert caught.value.field == "file"
    png = services.document_upload(
        actor=supplier_owner, supplier=team, kind="other", upload=SimpleUploadedFile("scan.pdf", PNG_BYTES)
    )
    assert png.content_type == "image/png"


def test_the_size_is_limited(team: Supplier, supplier_owner: User, settings: Any) -> None:
    settings.STARTUPS_DOCUMENT_MAX_BYTES = 10
    with pytest.raises(ApplicationError, match="too big"):
        services.document_upload(actor=supplier_owner, supplier=team, kind="tax_standing", upload=pdf())


def test_members_cannot_upload(team: Supplier, supplier_member: User) -> None:
    with pytest.raises(NotAllowed):
        services.document_upload(actor=supplier_member, supplier=team, kind="tax_standing", upload=pdf())


@pytest.mark.parametrize("persona_name", ALL_PERSONAS)
def test_who_may_download_a_document(team: Supplier, persona: Any, persona_name: str, client_for: Any) -> None:
    doc = DocumentFactory(supplier=team)
    response = client_for(persona(persona_name)).get(en_url("startups:document_download", team.slug, doc.pk))
    allowed = persona_name in {"admin", "auditor", "supplier_owner", "supplier_member"}
    if allowed:
        assert response.status_code == 200
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    elif persona_name == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == 403


def test_the_upload_page_shows_field_errors(team: Supplier, supplier_owner: User) -> None:
    client = Client()
    client.force_login(supplier_owner)
    response = client.post(
        en_url("startups:documents", team.slug), {"kind": "tax_standing", "file": pdf("x.pdf", b"not a pdf at all")}
    )
    assert response.status_code == 400
    assert "This type of file is not accepted" in response.content.decode()
    assert not ComplianceDocument.objects.exists()


def test_owners_are_reminded_once_per_window_before_expiry(team: Supplier, supplier_owner: User) -> None:
    today = datetime.date(2026, 3, 1)
    DocumentFactory(supplier=team, expires_on=today + datetime.timedelta(days=30))
    DocumentFactory(supplier=team, expires_on=today + datetime.timedelta(days=12))
    notes = Notification.objects.filter(kind=Kind.DOCUMENT_EXPIRING, recipient=supplier_owner)
    services.documents_remind_expiring(today=today)
    assert notes.count() == 2  # one document, inbox and e-mail
    services.documents_remind_expiring(today=today)
    assert notes.count() == 2  # safe to run twice
    services.documents_remind_expiring(today=today + datetime.timedelta(days=23))
    assert notes.count() == 4  # the 7-day window of the second document


def test_the_reminder_task_is_scheduled() -> None:
    from govtech.celery import collect_beat_schedule

    assert collect_beat_schedule()["startups-documents-remind-expiring"]["task"] == (
        "startups.tasks.documents_remind_expiring_task"
    )


def test_logos_are_checked_and_served_as_attachments(team: Supplier, supplier_owner: User) -> None:
    with pytest.raises(ApplicationError):
        services.supplier_set_logo(
            actor=supplier_owner, supplier=team, upload=SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>")
        )
    services.supplier_set_logo(actor=supplier_owner, supplier=team, upload=SimpleUploadedFile("l.png", PNG_BYTES))
    response = Client().get(en_url("startups:logo", team.slug))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
