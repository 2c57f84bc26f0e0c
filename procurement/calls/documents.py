from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from govtech.accounts.roles import Actor
from govtech.audit.services import audit_record
from govtech.core.errors import ApplicationError, InvalidTransition
from govtech.core.uploads import CheckedFile
from procurement.bodies.permissions import require_officer
from procurement.calls.models import Call, CallAmendment, CallDocument
from procurement.calls.services import call_amend
from procurement.uploads import check_document, original_name


@dataclass(frozen=True)
class NewDocument:
    """A document to add by an amendment; ``replaces`` is the id of the call document it supersedes."""

    title: str
    upload: UploadedFile
    replaces: int | None = None


def _store_call_document(
    *,
    call: Call,
    title: str,
    upload: UploadedFile,
    checked: CheckedFile,
    amendment: CallAmendment | None = None,
    replaces: CallDocument | None = None,
) -> CallDocument:
    document = CallDocument(
        call=call,
        title=title.strip() or original_name(upload),
        original_name=original_name(upload),
        content_type=checked.content_type,
        size=checked.size,
        amendment=amendment,
        replaces=replaces,
    )
    document.file.save(f"call-{call.pk}.{checked.extension}", upload, save=False)
    document.save()
    return document


def call_document_add(*, call: Call, actor: Actor, upload: UploadedFile, title: str) -> CallDocument:
    """Attach a document to a draft call; after submission documents change only through an amendment."""
    require_officer(actor, call.body_id)
    if call.status != Call.Status.DRAFT:
        raise InvalidTransition(_("Documents of a call change only while it is a draft; amend a published call."))
    checked = check_document(upload, "file")
    with transaction.atomic():
        document = _store_call_document(call=call, title=title, upload=upload, checked=checked)
        audit_record(
            actor=actor,
            verb="call.document_add",
            target=call,
            after={"document": document.pk},
            organisation_id=call.body_id,
        )
    return document


def call_amend_with_documents(
    *, call: Call, actor: Actor, reason: str, documents: list[NewDocument] | None = None, **changes: Any
) -> CallAmendment:
    """Amend a published call: change dates (never the deadline earlier) and add or replace documents, with a reason.

    The whole amendment is one transaction: a bad file or date leaves the call as it was.
    """
    require_officer(actor, call.body_id)
    documents = documents or []
    if not changes and not documents:
        raise ApplicationError(_("Change a date or add a document."), field="reason")
    checked = [check_document(doc.upload, "file") for doc in documents]
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
                call=call,
                title=doc.title,
                upload=doc.upload,
                checked=check,
                amendment=amendment,
                replaces=replaced.get(doc.replaces) if doc.replaces is not None else None,
            )
            added.append({"id": stored.pk, "title": stored.title, "replaces": doc.replaces})
        if added:
            amendment.changes = {**amendment.changes, "documents": added}
            amendment.save(update_fields=["changes"])
    return amendment
