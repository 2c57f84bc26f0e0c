"""Compliance documents: upload with checks, delete, and remind owners before they expire."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from govtech.accounts.roles import Actor, person
from govtech.audit.services import audit_record
from govtech.core.errors import ApplicationError, NotAllowed
from govtech.core.uploads import DOCUMENT_TYPES, check_upload
from govtech.notifications.kinds import Kind
from govtech.notifications.messages import in_every_language
from govtech.notifications.services import notification_emit
from startups import conf
from startups.models import ComplianceDocument, Supplier
from startups.permissions import can_edit
from startups.services.team import _owners


@transaction.atomic
def document_upload(
    *,
    actor: Actor,
    supplier: Supplier,
    kind: str,
    upload: UploadedFile,
    expires_on: datetime.date | None = None,
    issued_on: datetime.date | None = None,
) -> ComplianceDocument:
    """Store a certificate (PDF, PNG or JPEG by content) with its dates. Owners only."""
    if not can_edit(actor, supplier):
        raise NotAllowed(_("Only the organisation's owners can upload compliance documents."))
    if kind not in ComplianceDocument.Kind.values:
        raise ApplicationError(_("Kind of document: choose one from the list."), field="kind")
    if issued_on and expires_on and expires_on < issued_on:
        raise ApplicationError(_("Expires on: the expiry date must be after the issue date."), field="expires_on")
    checked = check_upload(
        upload, allowed=DOCUMENT_TYPES, max_bytes=conf.get("STARTUPS_DOCUMENT_MAX_BYTES"), field="file"
    )
    original = (upload.name or "document").rsplit("/", 1)[-1][:200]
    document = ComplianceDocument(
        supplier=supplier,
        kind=kind,
        original_name=original,
        content_type=checked.content_type,
        size=checked.size,
        issued_on=issued_on,
        expires_on=expires_on,
        uploaded_by=person(actor),
    )
    document.file.save(f"{supplier.organisation.slug}-{kind}.{checked.extension}", upload, save=False)
    document.save()
    audit_record(
        actor=actor,
        verb="document.uploaded",
        target=document,
        after={"kind": kind, "expires_on": expires_on.isoformat() if expires_on else None},
        organisation_id=supplier.organisation_id,
    )
    return document


@transaction.atomic
def document_delete(*, actor: Actor, document: ComplianceDocument) -> None:
    if not can_edit(actor, document.supplier):
        raise NotAllowed(_("Only the organisation's owners can delete compliance documents."))
    audit_record(
        actor=actor,
        verb="document.deleted",
        target=document,
        before={"kind": document.kind, "document": document.pk},
        organisation_id=document.supplier.organisation_id,
    )
    document.file.delete(save=False)
    document.delete()


def documents_remind_expiring(*, today: datetime.date | None = None) -> int:
    """Tell owners about documents expiring in exactly one of the reminder windows (30, 7, 1 days).

    Safe to run twice a day: the event key names the document, its expiry date and the
    window, and the outbox ignores an event it already holds.
    """
    today = today or timezone.localdate()
    windows = sorted({int(d) for d in conf.get("STARTUPS_DOCUMENT_REMINDER_DAYS")})
    targets = {today + datetime.timedelta(days=d): d for d in windows}
    sent = 0
    documents = ComplianceDocument.objects.filter(expires_on__in=list(targets)).select_related("supplier__organisation")
    for document in documents:
        assert document.expires_on is not None
        days = targets[document.expires_on]
        with transaction.atomic():
            sent += notification_emit(
                kind=Kind.DOCUMENT_EXPIRING,
                recipients=_owners(document.supplier),
                event_key=f"document:{document.pk}:expires:{document.expires_on.isoformat()}:{days}",
                context={
                    "organisation": document.supplier.display_name,
                    "document": str(document.get_kind_display()),
                    "title": in_every_language(ComplianceDocument.Kind(document.kind).label),
                    "expires_on": document.expires_on.isoformat(),
                    "days": days,
                },
                url=reverse("startups:documents", args=[document.supplier.slug]),
            )
    return sent
