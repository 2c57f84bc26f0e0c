"""Links to practice: an officer links a challenge, call or award to a recommendation.

Until the procurement app lands the link carries a title and web address; the model
also has a generic ``target`` so a later change can point at a ``Challenge``/``Call``
row directly (read through ``procurement.selectors``, as the layering asks).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from govtech.accounts.models import Organisation
from govtech.audit.services import audit_record
from govtech.core.errors import ApplicationError, PermissionDenied
from recommendations.models import PracticeLink, Recommendation
from recommendations.roles import can_link_practice


def practice_link_create(
    *, actor: Any, recommendation: Recommendation, organisation: Organisation, kind: str, title: str, url: str
) -> PracticeLink:
    """Record that one of the body's challenges, calls or awards puts a recommendation into practice."""
    if not can_link_practice(actor, organisation):
        raise PermissionDenied(_("Only the body's officers can link its challenges and calls."))
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
            created_by=actor,
        )
        audit_record(
            actor=actor,
            verb="practice_link.created",
            target=link,
            organisation_id=organisation.pk,
            after={"recommendation": recommendation.slug, "kind": kind, "url": url},
        )
    return link


def practice_link_delete(*, actor: Any, link: PracticeLink) -> None:
    if link.organisation is None or not can_link_practice(actor, link.organisation):
        raise PermissionDenied(_("Only the body's officers can link its challenges and calls."))
    with transaction.atomic():
        audit_record(
            actor=actor,
            verb="practice_link.deleted",
            target=link,
            organisation_id=link.organisation_id,
            before={"title": link.title, "url": link.url},
        )
        link.delete()
