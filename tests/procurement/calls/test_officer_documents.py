"""Files of challenges and calls: checked by content and size; drafts' files stay inside the body; amendments."""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from govtech.notifications.models import Notification
from procurement.calls.models import Call, CallAmendment, CallDocument
from procurement.calls.services import call_follow, question_ask
from procurement.challenges.models import Challenge, ChallengeAttachment
from tests.conftest import PERSONAS
from tests.procurement.calls.officer_helpers import local
from tests.procurement.factories import make_call

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, content in members.items():
            package.writestr(name, content)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office:document/>"})
PLAIN_ZIP = _zip({"readme.txt": b"hello"})


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "content", "accepted", "content_type"),
    [
        ("terms.pdf", PDF, True, "application/pdf"),
        ("annex.docx", DOCX, True, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("budget.xlsx", XLSX, True, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("terms.odt", ODT, True, "application/vnd.oasis.opendocument.text"),
        ("fake.pdf", b"MZ\x90\x00 an executable pretending", False, ""),
        ("archive.docx", PLAIN_ZIP, False, ""),
        ("notes.pdf", b"just some text, not a PDF", False, ""),
    ],
)
def test_call_documents_are_checked_by_content(
    public_body: Any, officer: Any, client_for: Any, name: str, content: bytes, accepted: bool, content_type: str
) -> None:
    call = make_call(public_body)
    response = client_for(officer).post(
        f"/en/opportunities/manage/calls/{call.pk}/documents/", {"title": "Pliego", "file": _upload(name, content)}
    )
    if accepted:
        assert response.status_code == 302
        document = CallDocument.objects.get(call=call)
        assert document.content_type == content_type
        assert document.original_name == name
    else:
        assert response.status_code == 400
        assert "This type of file is not accepted" in response.content.decode()
        assert not CallDocument.objects.exists()


def test_files_over_the_limit_are_refused(public_body: Any, officer: Any, client_for: Any, settings: Any) -> None:
    settings.PROCUREMENT_DOCUMENT_MAX_BYTES = 20
    challenge = Challenge.objects.create(body=public_body, title="t", problem="p")
    response = client_for(officer).post(
        f"/en/opportunities/manage/challenges/{challenge.pk}/attachments/",
        {"title": "Estudio", "file": _upload("s.pdf", PDF)},
    )
    assert response.status_code == 400
    assert "The file is too big" in response.content.decode()
    assert not ChallengeAttachment.objects.exists()


@pytest.mark.parametrize("name", PERSONAS)
def test_draft_documents_are_only_for_the_body(
    name: str, persona: Any, client_for: Any, public_body: Any, officer: Any
) -> None:
    draft = make_call(public_body)
    document = CallDocument.objects.create(
        call=draft,
        title="Borrador",
        original_name="b.pdf",
        content_type="application/pdf",
        file=SimpleUploadedFile("b.pdf", PDF),
    )
    challenge = Challenge.objects.create(body=public_body, title="t", problem="p")
    attachment = ChallengeAttachment.objects.create(
        challenge=challenge,
        title="Estudio",
        original_name="e.pdf",
        content_type="application/pdf",
        file=SimpleUploadedFile("e.pdf", PDF),
    )
    client = client_for(persona(name))
    member = name in {"admin", "officer", "evaluator", "approver"}
    got = client.get(f"/en/opportunities/calls/{draft.pk}/documents/{document.pk}/")
    assert got.status_code == (200 if member else 404)
    if member:
        assert got["Content-Disposition"].startswith("attachment")
        assert got["X-Content-Type-Options"] == "nosniff"
        assert b"".join(got.streaming_content) == PDF
    got = client.get(f"/en/opportunities/challenges/{challenge.pk}/attachments/{attachment.pk}/")
    assert got.status_code == (200 if member else 404)
    Call.objects.filter(pk=draft.pk).update(status=Call.Status.PUBLISHED)
    assert client.get(f"/en/opportunities/calls/{draft.pk}/documents/{document.pk}/").status_code == 200


def test_documents_of_a_published_call_change_only_by_amendment(
    public_body: Any, officer: Any, client_for: Any
) -> None:
    call = make_call(public_body, status=Call.Status.PUBLISHED)
    response = client_for(officer).post(
        f"/en/opportunities/manage/calls/{call.pk}/documents/", {"title": "Pliego", "file": _upload("t.pdf", PDF)}
    )
    assert response.status_code == 400
    assert not CallDocument.objects.exists()


def test_an_amendment_moves_dates_later_replaces_a_document_and_notifies_followers(
    public_body: Any, officer: Any, supplier_owner: Any, client_for: Any
) -> None:
    call = make_call(public_body, status=Call.Status.PUBLISHED)
    old = CallDocument.objects.create(
        call=call,
        title="Pliego v1",
        original_name="v1.pdf",
        content_type="application/pdf",
        file=SimpleUploadedFile("v1.pdf", PDF),
    )
    call_follow(call=call, actor=supplier_owner)
    client = client_for(officer)
    url = f"/en/opportunities/manage/calls/{call.pk}/amend/"
    earlier = local(call.submission_deadline - datetime.timedelta(days=1))
    response = client.post(url, {"reason": "Error", "submission_deadline": earlier})
    assert response.status_code == 400
    assert "A published deadline cannot move earlier." in response.content.decode()
    assert 'id="id_submission_deadline-error"' in response.content.decode()
    assert not CallAmendment.objects.exists()

    new_deadline = call.submission_deadline + datetime.timedelta(days=7)
    response = client.post(
        url,
        {
            "reason": "Más tiempo y pliego corregido",
            "submission_deadline": local(new_deadline),
            "questions_deadline": local(call.questions_deadline),
            "expected_decision": local(call.expected_decision),
            "document_title": "Pliego v2",
            "document": _upload("v2.pdf", PDF),
            "replaces": str(old.pk),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    amendment = CallAmendment.objects.get(call=call)
    assert amendment.number == 1
    assert set(amendment.changes) == {"submission_deadline", "documents"}
    new = CallDocument.objects.get(title="Pliego v2")
    assert new.amendment == amendment
    assert new.replaces == old
    call.refresh_from_db()
    assert abs(call.submission_deadline - new_deadline) < datetime.timedelta(minutes=1)
    assert Notification.objects.filter(recipient=supplier_owner, kind="call_amended").exists()
    public = client_for(supplier_owner).get(f"/en/opportunities/calls/{call.pk}/").content.decode()
    assert "Más tiempo y pliego corregido" in public
    assert "Pliego v2" in public
    assert "amendment 1" in public


def test_an_amendment_with_nothing_to_change_is_refused(public_body: Any, officer: Any, client_for: Any) -> None:
    call = make_call(public_body, status=Call.Status.PUBLISHED)
    response = client_for(officer).post(f"/en/opportunities/manage/calls/{call.pk}/amend/", {"reason": "Nada"})
    assert response.status_code == 400
    assert "Change a date or add a document." in response.content.decode()


def test_an_officer_rejects_a_question_as_out_of_scope(
    public_body: Any, officer: Any, supplier_owner: Any, client_for: Any
) -> None:
    call = make_call(public_body, status=Call.Status.PUBLISHED)
    question = question_ask(call=call, actor=supplier_owner, text="¿Cuál es su color favorito?")
    client = client_for(officer)
    page = client.get(f"/en/opportunities/manage/calls/{call.pk}/").content.decode()
    assert "¿Cuál es su color favorito?" in page
    assert "Datos Abiertos SAS" in page
    empty = client.post(
        f"/en/opportunities/manage/questions/{question.pk}/answer/", {"answer": "", "decision": "reject"}
    )
    assert empty.status_code == 400
    response = client.post(
        f"/en/opportunities/manage/questions/{question.pk}/answer/",
        {"answer": "Fuera del alcance de la convocatoria.", "decision": "reject"},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == "rejected"
    again = client.post(f"/en/opportunities/manage/questions/{question.pk}/answer/", {"answer": "x"})
    assert again.status_code == 409
    assert "already been dealt with" in again.content.decode()
    public = client_for(supplier_owner).get(f"/en/opportunities/calls/{call.pk}/").content.decode()
    assert "Datos Abiertos SAS" not in public  # the asker stays hidden on the public page
