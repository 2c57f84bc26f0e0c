"""Instrument curation: a simpler workflow than recommendations (no version history).

Editors create and edit instruments (saved as drafts); publishers publish or archive
them. Every change is audited with the fields before and after.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from govtech.accounts.roles import Actor
from govtech.audit.services import audit_record
from govtech.core.errors import InvalidTransition, NotAllowed
from recommendations.lifecycle import INSTRUMENT
from recommendations.models import Instrument, Recommendation
from recommendations.permissions import can_edit_catalogue, can_publish_catalogue

AUDITED_FIELDS = ["kind", "country", "name", "description", "phases", "caps", "rules", "sources", "status"]


def _snapshot(instrument: Instrument) -> dict[str, Any]:
    return model_to_dict(instrument, fields=AUDITED_FIELDS)


def instrument_save(
    *,
    actor: Actor,
    instrument: Instrument,
    before: dict[str, Any] | None = None,
    recommendations: Iterable[Recommendation] | None = None,
) -> Instrument:
    """Save an editor's change. A new instrument starts as a draft; edits keep the status.

    ``recommendations``, when given, replaces the recommendations the instrument serves.
    """
    if not can_edit_catalogue(actor):
        raise NotAllowed(_("Only editors can draft or propose changes."))
    with transaction.atomic():
        created = instrument.pk is None
        if created:
            instrument.status = Instrument.Status.DRAFT
        instrument.full_clean()
        instrument.save()
        after = _snapshot(instrument)
        if recommendations is not None:
            chosen = list(recommendations)
            instrument.recommendations.set(chosen)
            after["recommendations"] = sorted(r.slug for r in chosen)
        audit_record(
            actor=actor,
            verb="instrument.created" if created else "instrument.edited",
            target=instrument,
            before=before or {},
            after=after,
        )
    return instrument


def instrument_transition(*, actor: Actor, instrument: Instrument, to: str) -> Instrument:
    """Publish, archive or reopen an instrument (publishers; editors may only reopen)."""
    if to == Instrument.Status.DRAFT:
        if not (can_edit_catalogue(actor) or can_publish_catalogue(actor)):
            raise NotAllowed(_("Only editors can draft or propose changes."))
    elif not can_publish_catalogue(actor):
        raise NotAllowed(_("Only publishers can publish, send back or archive."))
    with transaction.atomic():
        instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
        old = instrument.status
        if not INSTRUMENT.allows(old, to):
            raise InvalidTransition(_("This instrument cannot change to that status."))
        instrument.status = to
        instrument.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor, verb=f"instrument.{to}", target=instrument, before={"status": old}, after={"status": to}
        )
    return instrument
