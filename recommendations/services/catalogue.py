"""Curation of the catalogue: drafts, review, publication, history, restore, renumbering.

Every write is a keyword-only function taking the acting user, checking the role,
saving inside one transaction and writing an audit row.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from govtech.accounts.models import User
from govtech.accounts.roles import Actor, signed_in
from govtech.audit.services import audit_record
from govtech.core.errors import ApplicationError, Conflict, InvalidTransition, NotAllowed
from govtech.notifications.kinds import Kind
from govtech.notifications.services import notification_emit
from recommendations.content import content_clean
from recommendations.lifecycle import RECOMMENDATION
from recommendations.models import LineOfAction, NumberAlias, Recommendation, RecommendationVersion
from recommendations.permissions import PUBLISH_ROLES, can_edit_catalogue, can_publish_catalogue

Status = Recommendation.Status

RESERVED_SLUGS = frozenset({"n", "curation", "dashboard", "instruments", "assessments", "api", "new"})
MSG_EDIT_ONLY = gettext_noop("Only editors can draft or propose changes.")
MSG_PUBLISH_ONLY = gettext_noop("Only publishers can publish, send back or archive.")


def _require_editor(actor: Actor | None) -> None:
    if not can_edit_catalogue(actor):
        raise NotAllowed(_(MSG_EDIT_ONLY))


def _require_publisher(actor: Actor) -> None:
    if not can_publish_catalogue(actor):
        raise NotAllowed(_(MSG_PUBLISH_ONLY))


def _locked(recommendation: Recommendation) -> Recommendation:
    return Recommendation.objects.select_for_update().get(pk=recommendation.pk)


def _new_version(
    *,
    recommendation: Recommendation,
    content: dict[str, Any],
    actor: Actor | None,
    note: str,
    restored_from: RecommendationVersion | None = None,
) -> RecommendationVersion:
    last = recommendation.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return RecommendationVersion.objects.create(
        recommendation=recommendation,
        number=last + 1,
        content=content,
        note=note[:255],
        created_by=actor if signed_in(actor) else None,
        restored_from=restored_from,
    )


def recommendation_create(
    *, actor: Actor, line: LineOfAction, slug: str, content: dict[str, Any], number: int | None = None, note: str = ""
) -> Recommendation:
    """Create a recommendation as a draft with its first version (editors)."""
    _require_editor(actor)
    if slug in RESERVED_SLUGS:
        raise ApplicationError(_("This address is reserved; choose another."), field="slug")
    content = content_clean(content)
    with transaction.atomic():
        if Recommendation.objects.filter(slug=slug).exists():
            raise Conflict(_("A recommendation already uses this address."), field="slug")
        if number is None:
            number = (Recommendation.objects.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        elif Recommendation.objects.filter(number=number).exists():
            raise Conflict(_("Another recommendation has this number; renumber it first."), field="number")
        recommendation = Recommendation.objects.create(slug=slug, line=line, number=number, status=Status.DRAFT)
        version = _new_version(recommendation=recommendation, content=content, actor=actor, note=note or "Created")
        recommendation.latest_version = version
        recommendation.save(update_fields=["latest_version", "updated_at"])
        audit_record(actor=actor, verb="recommendation.created", target=recommendation, after={"version": 1})
    return recommendation


def recommendation_save_draft(
    *,
    actor: Actor | None,
    recommendation: Recommendation,
    content: dict[str, Any],
    note: str = "",
    base_version: int | None = None,
) -> RecommendationVersion:
    """Save a change as a new version; the working copy becomes a draft again.

    The public keeps seeing the published version until a publisher publishes this one.
    ``base_version`` is the version the editor started from: if someone saved another
    version meanwhile, the save is refused (409) instead of silently overwriting it.
    """
    _require_editor(actor)
    content = content_clean(content)
    with transaction.atomic():
        recommendation = _locked(recommendation)
        if recommendation.status == Status.ARCHIVED:
            raise InvalidTransition(_("Archived recommendations must be reopened before editing."))
        current = recommendation.latest_version
        if base_version is not None and current is not None and current.number != base_version:
            raise Conflict(
                _("Someone saved version %(n)d while you were editing. Reload the page and apply your change again.")
                % {"n": current.number}
            )
        if current is not None and current.content == content:
            raise ApplicationError(_("Nothing changed: no new version was saved."))
        before = {"status": recommendation.status, "version": current.number if current else None}
        version = _new_version(recommendation=recommendation, content=content, actor=actor, note=note)
        recommendation.latest_version = version
        recommendation.status = Status.DRAFT
        recommendation.save(update_fields=["latest_version", "status", "updated_at"])
        audit_record(
            actor=actor,
            verb="recommendation.edited",
            target=recommendation,
            before=before,
            after={"status": Status.DRAFT, "version": version.number},  # the note is on the version
        )
    return version


def recommendation_transition(*, actor: Actor, recommendation: Recommendation, to: str) -> Recommendation:
    """Move the working copy through draft → in review → published, or archive it.

    Publishing points the public page at the latest version. Sending to review and
    reopening need an editor; publishing, archiving and sending back need a publisher
    (an editor may also withdraw their own proposal back to draft).
    """
    if to in (Status.PUBLISHED, Status.ARCHIVED):
        _require_publisher(actor)
    elif to == Status.IN_REVIEW:
        _require_editor(actor)
    elif not (can_edit_catalogue(actor) or can_publish_catalogue(actor)):
        raise NotAllowed(_(MSG_EDIT_ONLY))
    with transaction.atomic():
        recommendation = _locked(recommendation)
        old = recommendation.status
        if not RECOMMENDATION.allows(old, to):
            raise InvalidTransition(
                _("A recommendation cannot go from %(old)s to %(new)s.")
                % {"old": Status(old).label, "new": Status(to).label}
            )
        if to == Status.DRAFT and old == Status.ARCHIVED and not can_edit_catalogue(actor):
            raise NotAllowed(_(MSG_EDIT_ONLY))
        fields = ["status", "updated_at"]
        recommendation.status = to
        if to == Status.PUBLISHED:
            version = recommendation.latest_version
            assert version is not None
            now = timezone.now()
            RecommendationVersion.objects.filter(pk=version.pk).update(published_at=now, published_by=actor)
            recommendation.published_version = version
            recommendation.published_at = now
            fields += ["published_version", "published_at"]
        recommendation.save(update_fields=fields)
        audit_record(
            actor=actor,
            verb=f"recommendation.{to}",
            target=recommendation,
            before={"status": old},
            after={
                "status": to,
                "version": recommendation.latest_version.number if recommendation.latest_version else None,
            },
        )
        if to == Status.IN_REVIEW:
            _tell_publishers(actor, recommendation)
    return recommendation


def _tell_publishers(actor: Actor, recommendation: Recommendation) -> None:
    """Work that waits: a recommendation in review reaches the catalogue's publishers."""
    roles = Q()
    for role in PUBLISH_ROLES:
        roles |= Q(site_roles__contains=[role])
    publishers = list(User.objects.filter(is_active=True).filter(roles).exclude(pk=getattr(actor, "pk", 0) or 0))
    version = recommendation.latest_version
    title = version.content.get("title") if version else None
    notification_emit(
        kind=Kind.RECOMMENDATION_TO_REVIEW,
        recipients=publishers,
        event_key=f"recommendation:{recommendation.pk}:review:{version.number if version else 0}",
        context={"title": title or recommendation.slug, "person": str(actor)},
        url=reverse("recommendations:curation-detail", args=[recommendation.slug]),
    )


def recommendation_restore(
    *, actor: Actor, recommendation: Recommendation, version: RecommendationVersion
) -> RecommendationVersion:
    """Restore an older version's content as a new draft version (history is never rewritten)."""
    _require_editor(actor)
    if version.recommendation_id != recommendation.pk:
        raise ApplicationError(_("This version belongs to another recommendation."), field="version")
    with transaction.atomic():
        recommendation = _locked(recommendation)
        if recommendation.status == Status.ARCHIVED:
            raise InvalidTransition(_("Archived recommendations must be reopened before editing."))
        new = _new_version(
            recommendation=recommendation,
            content=version.content,
            actor=actor,
            note=_("Restored from version %(n)d") % {"n": version.number},
            restored_from=version,
        )
        old_status = recommendation.status
        recommendation.latest_version = new
        recommendation.status = Status.DRAFT
        recommendation.save(update_fields=["latest_version", "status", "updated_at"])
        audit_record(
            actor=actor,
            verb="recommendation.restored",
            target=recommendation,
            before={"status": old_status},
            after={"version": new.number, "restored_from": version.number},
        )
    return new


def recommendation_move(
    *, actor: Actor, recommendation: Recommendation, number: int, line: LineOfAction | None = None
) -> Recommendation:
    """Give a recommendation a new number (and optionally line), shifting the ones in between (editors).

    Slugs do not change, so links keep working; every number that changes hands is
    remembered as a ``NumberAlias`` for ``/recommendations/n/<number>/``.
    """
    _require_editor(actor)
    total = Recommendation.objects.count()
    if not 1 <= number <= total:
        raise ApplicationError(_("Choose a number between 1 and %(max)d.") % {"max": total}, field="number")
    with transaction.atomic():
        # Lock the whole catalogue: renumbering touches many rows.
        rows = {r.pk: r.number for r in Recommendation.objects.select_for_update().order_by("number")}
        old = rows[recommendation.pk]
        old_line = recommendation.line_id
        if line is not None and line.pk != old_line:
            Recommendation.objects.filter(pk=recommendation.pk).update(line=line)
            recommendation.line = line
        if old == number:
            if line is not None and line.pk != old_line:
                audit_record(
                    actor=actor,
                    verb="recommendation.moved",
                    target=recommendation,
                    before={"line": old_line},
                    after={"line": line.pk},
                )
            return recommendation
        if number < old:
            shifted = Recommendation.objects.filter(number__gte=number, number__lt=old)
            delta = 1
        else:
            shifted = Recommendation.objects.filter(number__gt=old, number__lte=number)
            delta = -1
        moved = list(shifted.values_list("pk", "number"))
        shifted.update(number=F("number") + delta)  # unique constraint is deferred to commit
        Recommendation.objects.filter(pk=recommendation.pk).update(number=number)
        NumberAlias.objects.bulk_create(
            [NumberAlias(number=n, recommendation_id=pk) for pk, n in moved]
            + [NumberAlias(number=old, recommendation_id=recommendation.pk)]
        )
        recommendation.refresh_from_db()
        audit_record(
            actor=actor,
            verb="recommendation.renumbered",
            target=recommendation,
            before={"number": old, "line": old_line},
            after={"number": number, "line": recommendation.line_id, "shifted": len(moved)},
        )
    return recommendation
