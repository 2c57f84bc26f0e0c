"""Files of challenges and calls: upload (checked by content and size), amendments that add or replace documents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from govtech.audit.services import audit_record
from govtech.core.errors import ApplicationError, InvalidTransition
from procurement.models import Call, CallAmendment, CallDocument, Challenge, ChallengeAttachment
from procurement.services import _require_officer, call_amend
from startups.uploads import PROCUREMENT_TYPES, CheckedFile, check_upload

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "PROCUREMENT_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _check(upload: UploadedFile, field: str) -> CheckedFile:
    return check_upload(upload, allowed=PROCUREMENT_TYPES, max_bytes=max_bytes(), field=field)


def _original_name(upload: UploadedFile) -> str:
    return (upload.name or "document").replace("\\", "/").rsplit("/", 1)[-1][:200]


@dataclass(frozen=True)
class NewDocument:
    """A document to add by an amendment; ``replaces`` is the id of the call document it supersedes."""

    title: str
    upload: UploadedFile
    replaces: int | None = None


def _store_call_document(
    *, call: Call, title: str, upload: UploadedFile, checked: CheckedFile, amendment: CallAmendment | None = None,
    replaces: CallDocument | None = None,
) -> CallDocument:  # fmt: skip
    document = CallDocument(call=call, title=title.strip() or _original_name(upload),
                            original_name=_original_name(upload), content_type=checked.content_type,
                            size=checked.size, amendment=amendment, replaces=replaces)  # fmt: skip
    document.file.save(f"call-{call.pk}.{checked.extension}", upload, save=False)
    document.save()
    return document


def call_document_add(*, call: Call, actor: Any, upload: UploadedFile, title: str) -> CallDocument:
    """Attach a document to a draft call; after submission documents change only through an amendment."""
    _require_officer(actor, call.body_id)
    if call.status != Call.Status.DRAFT:
        raise InvalidTransition(_("Documents of a call change only while it is a draft; amend a published call."))
    checked = _check(upload, "file")
    with transaction.atomic():
        document = _store_call_document(call=call, title=title, upload=upload, checked=checked)
        audit_record(actor=actor, verb="call.document_add", target=call,
                     after={"document": document.pk, "name": document.original_name},
                     organisation_id=call.body_id)  # fmt: skip
    return document


def call_amend_with_documents(
    *, call: Call, actor: Any, reason: str, documents: list[NewDocument] | None = None, **changes: Any
) -> CallAmendment:
    """Amend a published call: change dates (never the deadline earlier) and add or replace documents, with a reason.

    The whole amendment is one transaction: a bad file or date leaves the call as it was.
    """
    _require_officer(actor, call.body_id)
    documents = documents or []
    if not changes and not documents:
        raise ApplicationError(_("Change a date or add a document."), field="reason")
    checked = [_check(doc.upload, "file") for doc in documents]
    replaced: dict[int, CallDocument] = {}
    for doc in documents:
        if doc.replaces is not None:
            target = CallDocument.objects.filter(pk=doc.replaces, call=call).first()
            if target is None:
                raise ApplicationError(_("That document is not one of this call's."), field="replaces")
            replaced[doc.replaces] = target
    with transaction.atomic():
        amendment = call_amend(call=call, actor=actor, reason=reason, **changes)
        added = []
        for doc, check in zip(documents, checked, strict=True):
            stored = _store_call_document(
                call=call, title=doc.title, upload=doc.upload, checked=check, amendment=amendment,
                replaces=replaced.get(doc.replaces) if doc.replaces is not None else None,
            )  # fmt: skip
            added.append({"id": stored.pk, "title": stored.title, "replaces": doc.replaces})
        if added:
            amendment.changes = {**amendment.changes, "documents": added}
            amendment.save(update_fields=["changes"])
    return amendment


def challenge_attachment_add(
    *, challenge: Challenge, actor: Any, upload: UploadedFile, title: str
) -> ChallengeAttachment:
    """Attach a file to a challenge (officers of its body; drafts and published challenges alike)."""
    _require_officer(actor, challenge.body_id)
    checked = _check(upload, "file")
    with transaction.atomic():
        attachment = ChallengeAttachment(challenge=challenge, title=title.strip() or _original_name(upload),
                                         original_name=_original_name(upload), content_type=checked.content_type,
                                         size=checked.size, uploaded_by=actor)  # fmt: skip
        attachment.file.save(f"challenge-{challenge.pk}.{checked.extension}", upload, save=False)
        attachment.save()
        audit_record(actor=actor, verb="challenge.attachment_add", target=challenge,
                     after={"attachment": attachment.pk, "name": attachment.original_name},
                     organisation_id=challenge.body_id)  # fmt: skip
    return attachment
