"""Links to practice: a challenge, call or award linked to a recommendation.

An officer links one of the body's items by title and web address; a curator (editor or
admin) links a published ``Challenge``/``Call`` of the portal by its number, stored in the
generic ``target``, resolved by ``recommendations.practice``.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from govtech.accounts.models import Organisation
from govtech.accounts.roles import Actor, person
from govtech.audit.services import audit_record
from govtech.core.errors import ApplicationError, NotAllowed
from recommendations import practice
from recommendations.models import PracticeLink, Recommendation
from recommendations.permissions import can_edit_catalogue, can_link_practice


def practice_link_create(
    *, actor: Actor, recommendation: Recommendation, organisation: Organisation, kind: str, title: str, url: str
) -> PracticeLink:
    """Record that one of the body's challenges, calls or awards puts a recommendation into practice."""
    if not can_link_practice(actor, organisation):
        raise NotAllowed(_("Only the body's officers can link its challenges and calls."))
    if kind not in PracticeLink.Kind.values:
        raise ApplicationError(_("Choose challenge, call or award."), field="kind")
    title = title.strip()
    if not title or len(title) > 255:
        raise ApplicationError(_("Give a title of up to 255 characters."), field="title")
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ApplicationError(_("Give the web address of the challenge or call."), field="url") from None
    with transaction.atomic():
        if PracticeLink.objects.filter(recommendation=recommendation, url=url).exists():
            raise ApplicationError(_("This address is already linked to this recommendation."), field="url")
        link = PracticeLink.objects.create(
            recommendation=recommendation,
            organisation=organisation,
            kind=kind,
            title=title,
            url=url,
            created_by=person(actor),
        )
        audit_record(
            actor=actor,
            verb="practice_link.created",
            target=link,
            organisation_id=organisation.pk,
            after={"recommendation": recommendation.slug, "kind": kind, "url": url},
        )
    return link


def practice_link_delete(*, actor: Actor, link: PracticeLink) -> None:
    curator_link = link.target_type_id is not None and can_edit_catalogue(actor)
    if not curator_link and (link.organisation is None or not can_link_practice(actor, link.organisation)):
        raise NotAllowed(_("Only the body's officers can link its challenges and calls."))
    with transaction.atomic():
        audit_record(
            actor=actor,
            verb="practice_link.deleted",
            target=link,
            organisation_id=link.organisation_id,
            before={"link": link.pk, "url": link.url},
        )
        link.delete()


def practice_link_target_create(
    *, actor: Actor, recommendation: Recommendation, kind: str, number: int
) -> PracticeLink:
    """A curator links a published challenge or call of the portal (by its number) to a recommendation."""
    if not can_edit_catalogue(actor):
        raise NotAllowed(_("Only catalogue editors can link the portal's challenges and calls."))
    if kind not in (PracticeLink.Kind.CHALLENGE, PracticeLink.Kind.CALL):
        raise ApplicationError(_("Choose challenge or call."), field="kind")
    found = practice.resolve(kind=kind, pk=number)
    if found is None:
        raise ApplicationError(_("No published challenge or call has this number."), field="number")
    row, item = found
    with transaction.atomic():
        target_type = ContentType.objects.get_for_model(row)
        if PracticeLink.objects.filter(
            recommendation=recommendation, target_type=target_type, target_id=str(row.pk)
        ).exists():
            raise ApplicationError(_("This is already linked to this recommendation."), field="number")
        link = PracticeLink.objects.create(
            recommendation=recommendation,
            kind=kind,
            target_type=target_type,
            target_id=str(row.pk),
            title=item.title[:255],
            organisation_id=item.organisation_id,
            created_by=person(actor),
        )
        audit_record(
            actor=actor,
            verb="practice_link.created",
            target=link,
            after={"recommendation": recommendation.slug, "kind": kind, "target": row.pk},
        )
    return link
