"""Every write about challenges: create, edit, the lifecycle, attachments."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from govtech.accounts.models import Organisation
from govtech.accounts.roles import Actor, person
from govtech.audit.services import audit_record
from govtech.core.errors import ApplicationError, InvalidTransition
from procurement import search
from procurement.bodies.permissions import require_officer, require_verified_body
from procurement.challenges.lifecycle import CHALLENGE
from procurement.challenges.models import Challenge, ChallengeAttachment
from procurement.matching.enqueue import rank_on_commit
from procurement.ocds import services as ocds
from procurement.uploads import check_document, original_name
from procurement.validation import validate_challenge

CHALLENGE_FIELDS = (
    "title",
    "problem",
    "affected",
    "current_situation",
    "expected_outcomes",
    "constraints",
    "sectors",
    "cpv_codes",
    "technologies",
    "regions",
    "budget",
    "currency",
    "timeline",
    "contact_email",
    "language",
)


def challenge_create(*, body: Organisation, actor: Actor, **data: Any) -> Challenge:
    require_officer(actor, body.pk)
    validate_challenge(data)
    with transaction.atomic():
        challenge = Challenge.objects.create(body=body, **data)
        search.challenge_reindex([challenge.pk])
        audit_record(
            actor=actor,
            verb="challenge.create",
            target=challenge,
            after={"challenge": challenge.pk},
            organisation_id=body.pk,
        )
    return challenge


def challenge_update(*, challenge: Challenge, actor: Actor, **data: Any) -> Challenge:
    """Edit a draft challenge; once published its statement stays as suppliers read it."""
    require_officer(actor, challenge.body_id)
    if challenge.status != Challenge.Status.DRAFT:
        raise InvalidTransition(_("Only draft challenges can be edited."))
    unknown = set(data) - set(CHALLENGE_FIELDS)
    if unknown:
        raise ApplicationError(_("This field cannot be changed."), field=sorted(unknown)[0])
    validate_challenge(data)
    with transaction.atomic():
        for name, value in data.items():
            setattr(challenge, name, value)
        challenge.save()
        search.challenge_reindex([challenge.pk])
        audit_record(
            actor=actor,
            verb="challenge.update",
            target=challenge,
            after={"fields": sorted(data)},
            organisation_id=challenge.body_id,
        )
    return challenge


def challenge_transition(*, challenge: Challenge, to: str, actor: Actor) -> Challenge:
    require_officer(actor, challenge.body_id)
    with transaction.atomic():
        locked = Challenge.objects.select_for_update().get(pk=challenge.pk)
        if not CHALLENGE.allows(locked.status, to):
            raise InvalidTransition(_("A challenge cannot go from %(a)s to %(b)s.") % {"a": locked.status, "b": to})
        if to == Challenge.Status.PUBLISHED:
            require_verified_body(locked.body)
            locked.published_at = timezone.now()
        if to == Challenge.Status.CLOSED:
            locked.closed_at = timezone.now()
        before = locked.status
        locked.status = to
        locked.save()
        audit_record(
            actor=actor,
            verb=f"challenge.{to}",
            target=locked,
            before={"status": before},
            after={"status": to},
            organisation_id=locked.body_id,
        )
        if to == Challenge.Status.PUBLISHED:
            rank_on_commit(locked)
            ocds.ocds_challenge_published(challenge_id=locked.pk)
    return locked


def challenge_attachment_add(
    *, challenge: Challenge, actor: Actor, upload: UploadedFile, title: str
) -> ChallengeAttachment:
    """Attach a file to a challenge (officers of its body; drafts and published challenges alike)."""
    require_officer(actor, challenge.body_id)
    checked = check_document(upload, "file")
    with transaction.atomic():
        attachment = ChallengeAttachment(
            challenge=challenge,
            title=title.strip() or original_name(upload),
            original_name=original_name(upload),
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=person(actor),
        )
        attachment.file.save(f"challenge-{challenge.pk}.{checked.extension}", upload, save=False)
        attachment.save()
        audit_record(
            actor=actor,
            verb="challenge.attachment_add",
            target=challenge,
            after={"attachment": attachment.pk},
            organisation_id=challenge.body_id,
        )
    return attachment
