"""Writing OCDS releases when public events happen, and the bulk file.

``ocds_release_record`` is the one writer: it builds the release of a call as it stands and
inserts it under an event-named release id, so repeating an event writes nothing new. The
lifecycle services schedule it on commit (``ocds_release_on_commit``); the awards services
call the ``ocds_award_*`` / ``ocds_contract_signed`` / ``ocds_milestone_met`` functions.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from govtech.core.enqueue import enqueue_now
from procurement.awards.models import Award, Decision, Milestone
from procurement.calls.models import Call
from procurement.ocds import build, packages
from procurement.ocds.models import ImportedProcess, Release
from procurement.ocds.redflag_services import red_flags_on_commit

logger = logging.getLogger(__name__)

BULK_FILE = "ocds/releases.json"

# Event tag -> (OCDS release tags, the call field whose time dates the release)
EVENTS: dict[str, tuple[list[str], str | None]] = {
    "planning": (["planning"], None),
    "tender": (["tender"], "published_at"),
    "tenderAmendment": (["tenderAmendment"], None),
    "tenderUpdate": (["tenderUpdate"], "closed_at"),
    "tenderCancellation": (["tenderCancellation"], "cancelled_at"),
    "award": (["award"], "decided_at"),
    "awardCancellation": (["awardCancellation", "tenderUpdate"], None),
    "unsuccessful": (["tenderUpdate"], "decided_at"),
    "contract": (["contract"], None),
    "implementation": (["implementation"], None),
}


def _publishable(call: Call) -> bool:
    """Drafts are not public, and imported processes belong to their own publishers."""
    if call.status in (Call.Status.DRAFT, Call.Status.IN_APPROVAL):
        return False
    return not ImportedProcess.objects.filter(call_id=call.pk).exists()


def ocds_release_record(*, call_id: int, tag: str, event: str = "", date: Any = None) -> Release | None:
    """Write the release of ``call_id`` for event ``tag`` (one of ``EVENTS``) once; None when not public.

    ``event`` distinguishes repeated events of the same kind (amendment 2, award 7); the
    release id is ``<ocid>-<tag>[-<event>]``, so calling this again for the same event is a no-op.
    """
    tags, stamp = EVENTS[tag]
    call = Call.objects.select_related("body", "challenge").filter(pk=call_id).first()
    if call is None or not _publishable(call):
        return None
    ocid = build.ocid_for(call.pk)
    release_id = f"{ocid}-{tag}" + (f"-{event}" if event else "")
    existing = Release.objects.filter(release_id=release_id).first()
    if existing is not None:
        return existing
    if tag == "tender" and call.challenge_id and call.challenge and call.challenge.published_at:
        ocds_release_record(call_id=call.pk, tag="planning", date=call.challenge.published_at)
    when = date or (getattr(call, stamp) if stamp else None) or timezone.now()
    tender_status = "unsuccessful" if tag == "unsuccessful" else None
    data = build.release(call, release_id=release_id, tags=tags, date=when, tender_status=tender_status)
    created = Release.objects.bulk_create(
        [Release(ocid=ocid, release_id=release_id, call_id=call.pk, date=when, tags=tags, data=data)],
        ignore_conflicts=True,
    )
    _bulk_refresh_soon()
    red_flags_on_commit(ocid)  # the record changed: its red flags follow (procurement.ocds.redflag_services)
    return Release.objects.filter(release_id=release_id).first() or (created[0] if created else None)


def ocds_release_on_commit(*, call_id: int, tag: str, event: str = "") -> None:
    """Schedule ``ocds_release_record`` for after the current transaction; a failure is logged, never raised
    into the request that already committed (``manage.py ocds_backfill`` can write a missed release later)."""

    def write() -> None:
        try:
            ocds_release_record(call_id=call_id, tag=tag, event=event)
        except Exception:  # the event is committed; publishing must not break it
            logger.exception("OCDS release %s of call %s not written", tag, call_id)

    transaction.on_commit(write)


def ocds_on_commit(write: Any, **ids: int) -> None:
    """Run one of the release functions below after the current transaction, logging (never raising) a failure."""

    def run() -> None:
        try:
            write(**ids)
        except Exception:  # the event is committed; publishing must not break it
            logger.exception("OCDS release %s(%s) not written", getattr(write, "__name__", write), ids)

    transaction.on_commit(run)


# Call status -> the release a lifecycle transition writes.
TRANSITION_TAGS = {
    Call.Status.PUBLISHED: "tender",
    Call.Status.CLOSED: "tenderUpdate",
    Call.Status.CANCELLED: "tenderCancellation",
}


def ocds_after_transition(*, call_id: int, to: str) -> None:
    """Called by ``procurement.calls.services.call_transition`` inside its transaction."""
    tag = TRANSITION_TAGS.get(to)  # type: ignore[call-overload]
    if tag:
        ocds_release_on_commit(call_id=call_id, tag=tag)
    elif to in (Call.Status.AWARDED, Call.Status.UNSUCCESSFUL):
        transaction.on_commit(lambda: _decided(call_id, to))


def _decided(call_id: int, to: str) -> None:
    """After a decision: one release per decision recorded (idempotent with the awards services' own calls)."""

    try:
        decision_ids = list(Decision.objects.filter(call_id=call_id).values_list("pk", flat=True))
        for decision_id in decision_ids:
            ocds_award_released(decision_id=decision_id)
        if not decision_ids:
            tag = "unsuccessful" if to == Call.Status.UNSUCCESSFUL else "tenderUpdate"
            ocds_release_record(call_id=call_id, tag=tag, event=str(to))
    except Exception:  # the decision is committed; publishing must not break it
        logger.exception("OCDS releases of the decision on call %s not written", call_id)


def ocds_challenge_published(*, challenge_id: int) -> None:
    """A challenge was published: its public calls get their planning release."""
    for call_id in Call.objects.filter(challenge_id=challenge_id).public().values_list("pk", flat=True):
        ocds_release_on_commit(call_id=call_id, tag="planning")


# --- the awards side (called by procurement.awards services) ------------------------------


def ocds_award_released(*, decision_id: int) -> Release | None:
    """A decision awarding the call (or a phase): an ``award`` release with its awards and suppliers."""

    decision = Decision.objects.get(pk=decision_id)
    tag = "award" if decision.outcome == Decision.Outcome.AWARDED else "unsuccessful"
    return ocds_release_record(call_id=decision.call_id, tag=tag, event=str(decision.pk), date=decision.decided_at)


ocds_unsuccessful_released = ocds_award_released


def ocds_award_cancelled(*, decision_id: int) -> Release | None:
    """A decision was annulled (an upheld complaint): an ``awardCancellation`` release in which its awards are
    ``cancelled`` and the tender is active again (back in evaluation), so no compiled record keeps them active."""

    decision = Decision.objects.get(pk=decision_id)
    if decision.annulled_at is None:
        return None
    return ocds_release_record(
        call_id=decision.call_id, tag="awardCancellation", event=str(decision.pk), date=decision.annulled_at
    )


def ocds_contract_signed(*, award_id: int) -> Release | None:
    """The contract of an award was signed: a ``contract`` release."""

    award = Award.objects.select_related("decision").get(pk=award_id)
    return ocds_release_record(
        call_id=award.decision.call_id, tag="contract", event=str(award.pk), date=award.contract_signed_at
    )


def ocds_milestone_met(*, milestone_id: int) -> Release | None:
    """A contract milestone changed (met, late...): an ``implementation`` release."""

    milestone = Milestone.objects.select_related("award__decision").get(pk=milestone_id)
    event = f"{milestone.pk}-{milestone.status}"
    return ocds_release_record(
        call_id=milestone.award.decision.call_id, tag="implementation", event=event, date=milestone.completed_at
    )


# --- the bulk file -----------------------------------------------------------------------


def _bulk_refresh_soon() -> None:

    transaction.on_commit(lambda: enqueue_now("ocds.bulk_regenerate"))


def all_releases_package(*, uri: str) -> dict[str, Any]:
    return packages.release_package(Release.objects.order_by("date", "pk").values_list("data", flat=True), uri=uri)


def ocds_bulk_regenerate() -> str:
    """Write every release as one release package to storage (``BULK_FILE``), replacing the previous file."""
    package = all_releases_package(uri=build.site_url("/open-data/ocds/releases.json"))
    content = json.dumps(package, ensure_ascii=False, separators=(",", ":")).encode()
    if default_storage.exists(BULK_FILE):
        default_storage.delete(BULK_FILE)
    return default_storage.save(BULK_FILE, ContentFile(content))


def ocds_backfill(*, call_ids: list[int] | None = None) -> int:
    """Write the releases a public call should have and lacks (data loaded before publication, a missed on-commit).

    Each event is written once (the release ids are the same as the live ones), dated by the call's own
    timestamps; the content is the call as it stands now. Returns how many releases were written.
    """

    before = Release.objects.count()
    calls = Call.objects.public().exclude(imported_process__isnull=False).order_by("pk")
    if call_ids is not None:
        calls = calls.filter(pk__in=call_ids)
    for call in calls.select_related("challenge"):
        if call.published_at:
            ocds_release_record(call_id=call.pk, tag="tender")
        for amendment in call.amendments.all():
            ocds_release_record(
                call_id=call.pk, tag="tenderAmendment", event=str(amendment.number), date=amendment.created_at
            )
        if call.closed_at:
            ocds_release_record(call_id=call.pk, tag="tenderUpdate")
        if call.status == Call.Status.CANCELLED:
            ocds_release_record(call_id=call.pk, tag="tenderCancellation")
        decisions = list(Decision.objects.filter(call=call).values_list("pk", flat=True))
        for decision_id in decisions:
            ocds_award_released(decision_id=decision_id)
            ocds_award_cancelled(decision_id=decision_id)
        if not decisions and call.status in (Call.Status.AWARDED, Call.Status.UNSUCCESSFUL):
            _decided(call.pk, call.status)
        for award_id in Award.objects.filter(decision__call=call, contract_signed_at__isnull=False).values_list(
            "pk", flat=True
        ):
            ocds_contract_signed(award_id=award_id)
        for milestone_id in Milestone.objects.filter(award__decision__call=call, status="done").values_list(
            "pk", flat=True
        ):
            ocds_milestone_met(milestone_id=milestone_id)
    return Release.objects.count() - before
