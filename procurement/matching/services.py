"""Writes of matching: rank a target and store the results, sweep, refresh, dismiss, invite.

Ranking is safe to run twice and concurrently: results are upserted on (target, supplier) and the
suppliers that left the ranking are deleted in the same transaction, under a transaction-scoped
PostgreSQL advisory lock per target; a run that started before the stored ranking was computed
does not overwrite it. Notices are claimed with a unique (target, supplier) row, so a supplier hears
about a match once, whatever the number of re-runs.
"""

from __future__ import annotations

import datetime
import logging
import zlib
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govtech.accounts.models import Membership, User
from govtech.accounts.roles import Actor, person
from govtech.audit.services import audit_record
from govtech.core.errors import ApplicationError, Conflict, NotAllowed
from govtech.notifications.kinds import Kind
from govtech.notifications.services import notification_emit
from procurement.bodies.permissions import is_officer
from procurement.calls.models import Call
from procurement.challenges.models import Challenge
from procurement.matching.models import (
    MatchDismissal,
    MatchInvitation,
    MatchNotice,
    MatchResult,
    MatchSweep,
    MatchTargetState,
)
from procurement.matching.scoring import ALGORITHM_VERSION
from procurement.matching.selectors import supplier_ids_of
from procurement.matching.sources import (
    Catalogue,
    candidate_suppliers,
    current_catalogue,
    query_for_call,
    query_for_challenge,
    surface_words,
)
from procurement.matching.targets import CALL, CHALLENGE, is_rankable, load_target, target_kind

logger = logging.getLogger(__name__)


SUPPLIER_SWEEP = "suppliers"


MSG_ALREADY_INVITED = gettext_lazy("This supplier has already been invited.")


def open_targets() -> list[Call | Challenge]:
    calls = list(Call.objects.open().select_related("body", "challenge").order_by("pk"))
    challenges = list(Challenge.objects.filter(status=Challenge.Status.PUBLISHED).select_related("body").order_by("pk"))
    return [*calls, *challenges]


def _lock_target(kind: str, pk: int) -> None:
    """A transaction-scoped advisory lock on one target (two runs for it store one after the other)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [zlib.crc32(f"matching:{kind}".encode()) >> 1, pk])


def _reasons(scored: Any, words: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for reason in scored.reasons:
        params = dict(reason.params)
        if reason.code == "terms_matched":
            params["terms"] = [words.get(t, t) for t in params.get("terms", [])]
        out.append({"code": reason.code, "params": params})
    return out


def match_target_rank(*, target: Call | Challenge, catalogue: Catalogue | None = None) -> int | None:
    """Rank every eligible supplier for ``target`` and store the best ones; None when not rankable.

    Returns the number of stored results. Notifies suppliers whose score clears
    ``MATCHING_NOTIFY_THRESHOLD`` (once per target and supplier).
    """
    if not is_rankable(target):
        return None
    started = timezone.now()
    catalogue = catalogue or current_catalogue()
    kind = target_kind(target)
    if kind == CALL:
        query, mask = query_for_call(target), catalogue.call_mask(target)
    else:
        query, mask = query_for_challenge(target), None
    scored = catalogue.index.rank(query, limit=settings.MATCHING_RESULTS_PER_TARGET, mask=mask)
    words = surface_words(query)
    ranked = [(int(s.supplier_id), s.score, _reasons(s, words)) for s in scored]
    with transaction.atomic():
        _lock_target(kind, target.pk)
        state = MatchTargetState.objects.filter(**{kind: target}).first()
        if state is not None and state.ranked_at > started:
            return state.results  # a run that started later already stored a fresher ranking
        alive = set(candidate_suppliers().filter(pk__in=[pk for pk, _, _ in ranked]).values_list("pk", flat=True))
        ranked = [row for row in ranked if row[0] in alive]
        now = timezone.now()
        rows = [
            MatchResult(
                **{kind: target},
                supplier_id=pk,
                score=score,
                rank=position,
                reasons=reasons,
                algorithm_version=ALGORITHM_VERSION,
                computed_at=now,
            )
            for position, (pk, score, reasons) in enumerate(ranked, start=1)
        ]
        MatchResult.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=[kind, "supplier"],
            update_fields=["score", "rank", "reasons", "algorithm_version", "computed_at"],
        )
        MatchResult.objects.filter(**{kind: target}).exclude(supplier_id__in=[r[0] for r in ranked]).delete()
        lookup: dict[str, Any] = {kind: target}
        MatchTargetState.objects.update_or_create(
            defaults={"ranked_at": now, "algorithm_version": ALGORITHM_VERSION, "results": len(rows)}, **lookup
        )
        _notify(target, kind, [(pk, score) for pk, score, _ in ranked])
    return len(rows)


def _notify(target: Any, kind: str, ranked: list[tuple[int, float]]) -> int:
    """Tell the suppliers above the threshold, once per target (claimed by a unique row)."""
    threshold = settings.MATCHING_NOTIFY_THRESHOLD
    wanted = {pk: score for pk, score in ranked if score >= threshold}
    if not wanted:
        return 0
    dismissed = set(
        MatchDismissal.objects.filter(**{kind: target}, supplier_id__in=wanted).values_list("supplier_id", flat=True)
    )
    told = 0
    for supplier_id, score in wanted.items():
        if supplier_id in dismissed:
            continue
        _notice, created = MatchNotice.objects.get_or_create(
            **{kind: target}, supplier_id=supplier_id, defaults={"score": score}
        )
        if not created:
            continue
        recipients = supplier_members(supplier_id)
        if recipients:
            notification_emit(
                kind=Kind.NEW_MATCH,
                recipients=recipients,
                event_key=f"match:{kind}:{target.pk}:supplier:{supplier_id}",
                context=_message_context(target, kind),
                url=target_url(target, kind),
                group_key=f"{kind}:{target.pk}",
                group_label=target.title,
            )
        told += 1
    return told


def _message_context(target: Any, kind: str) -> dict[str, Any]:
    # a challenge has no deadline of its own: say so in each language (the message has a "Deadline:" slot)
    deadline: Any = (
        target.submission_deadline.isoformat()
        if kind == CALL
        else {"es": "sin plazo (reto)", "pt-br": "sem prazo (desafio)", "en": "none (challenge)"}
    )
    return {
        f"{kind}_id": target.pk,
        "title": target.title,
        "buyer": target.body.name,
        "deadline": deadline,
        "timezone": getattr(target, "timezone", ""),
    }


def target_url(target: Any, kind: str) -> str:

    return reverse("procurement:call" if kind == CALL else "procurement:challenge", args=[target.pk])


def supplier_members(supplier_id: int) -> list[Any]:
    """The active people of a supplier (owners and members), who hear about its matches."""

    org_id = candidate_suppliers().filter(pk=supplier_id).values_list("organisation_id", flat=True).first()
    if org_id is None:
        return []
    user_ids = Membership.objects.filter(
        organisation_id=org_id,
        status=Membership.Status.ACTIVE,
        role__in=[Membership.Role.OWNER, Membership.Role.MEMBER],
    ).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=list(user_ids), is_active=True).order_by("pk"))


def match_rank(*, kind: str, pk: int) -> int | None:
    """The task's entry point: re-read the target, quietly skip a missing or closed one."""
    target = load_target(kind, pk)
    if target is None:
        return None
    return match_target_rank(target=target)


@contextmanager
def _session_try_lock(name: str) -> Any:
    """A non-blocking session advisory lock: a second sweep running at the same time does nothing."""
    key = zlib.crc32(f"matching:{name}".encode()) >> 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        got = bool(cursor.fetchone()[0])
    try:
        yield got
    finally:
        if got:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def _stale_targets(targets: list[Any]) -> list[Any]:
    """Open targets never ranked, changed since (published, amended) or ranked by another algorithm version."""
    states = {
        (CALL if s.call_id else CHALLENGE, s.call_id or s.challenge_id): s
        for s in MatchTargetState.objects.filter(call_id__in=[t.pk for t in targets if isinstance(t, Call)]).union(
            MatchTargetState.objects.filter(challenge_id__in=[t.pk for t in targets if isinstance(t, Challenge)])
        )
    }
    stale = []
    for t in targets:
        state = states.get((target_kind(t), t.pk))
        if state is None or state.ranked_at < t.updated_at or state.algorithm_version != ALGORITHM_VERSION:
            stale.append(t)
    return stale


def match_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Pick up suppliers changed since the last sweep (verified, edited, new) and targets left unranked.

    When any candidate supplier changed, every open target is ranked again (a changed supplier may enter or
    leave any ranking); otherwise only targets changed since their last ranking (e.g. a publication whose task
    was lost while Redis was down). Runs on the beat every ``MATCHING_SWEEP_SECONDS``; a sweep already running
    elsewhere makes this one return at once.
    """
    with _session_try_lock("sweep") as got:
        if not got:
            return {"skipped": 1}
        started = now or timezone.now()
        sweep = MatchSweep.objects.filter(name=SUPPLIER_SWEEP).first()
        since = sweep.watermark if sweep else None
        changed = candidate_suppliers().order_by()
        if since is not None:
            changed = changed.filter(updated_at__gt=since)
        changed_count = changed.count()
        targets = open_targets()
        todo = targets if changed_count else _stale_targets(targets)
        ranked = _rank_all(todo)
        # a change committed a moment after its timestamp is still caught by the next sweep
        watermark = started - datetime.timedelta(seconds=settings.MATCHING_SWEEP_OVERLAP_SECONDS)
        MatchSweep.objects.update_or_create(name=SUPPLIER_SWEEP, defaults={"watermark": watermark, "ran_at": started})
        return {"suppliers_changed": changed_count, "targets_ranked": ranked}


def match_refresh_all() -> dict[str, int]:
    """Nightly: rebuild the index from scratch and rank every open target."""
    targets = open_targets()
    catalogue = current_catalogue(force=True)
    return {"targets_ranked": _rank_all(targets, catalogue)}


def _rank_all(targets: list[Any], catalogue: Catalogue | None = None) -> int:
    if not targets:
        return 0
    catalogue = catalogue or current_catalogue()
    done = 0
    for target in targets:
        try:
            if match_target_rank(target=target, catalogue=catalogue) is not None:
                done += 1
        except Exception:  # one bad target must not stop the others; logged with its id
            logger.exception("matching: ranking %s #%s failed", target_kind(target), target.pk)
    return done


def match_dismiss(*, actor: Actor, result: MatchResult) -> MatchDismissal:
    """A supplier's member hides a recommendation ("not for us"); audited, idempotent."""

    if result.supplier_id not in supplier_ids_of(actor):
        raise NotAllowed(_("Only members of this supplier may do this."))
    kind = result.target_kind
    target = result.target
    with transaction.atomic():
        dismissal, created = MatchDismissal.objects.get_or_create(
            **{kind: target}, supplier_id=result.supplier_id, defaults={"dismissed_by": person(actor)}
        )
        if created:
            audit_record(
                actor=actor,
                verb="match.dismiss",
                target=dismissal,
                after={kind: target.pk, "supplier": result.supplier_id},
                organisation_id=result.supplier.organisation_id,
            )
    return dismissal


def match_invite(*, actor: Actor, target: Call | Challenge, supplier_id: int) -> MatchInvitation:
    """An officer of the body invites a suggested supplier to apply: notified, audited, once."""

    if not is_officer(actor, target.body_id):
        raise NotAllowed(_("Only officers of this public body may do this."))
    if not is_rankable(target):
        raise ApplicationError(_("Invitations are only sent while the call or challenge is open."))
    kind = target_kind(target)
    if not MatchResult.objects.filter(**{kind: target}, supplier_id=supplier_id).exists():
        raise ApplicationError(_("Only suggested suppliers can be invited."), field="supplier")
    with transaction.atomic():
        invitation, created = MatchInvitation.objects.get_or_create(
            **{kind: target}, supplier_id=supplier_id, defaults={"invited_by": person(actor)}
        )
        if not created:
            raise Conflict(str(MSG_ALREADY_INVITED))
        supplier = invitation.supplier
        audit_record(
            actor=actor,
            verb="match.invite",
            target=invitation,
            after={kind: target.pk, "supplier": supplier_id},
            organisation_id=target.body_id,
        )
        recipients = supplier_members(supplier_id)
        if recipients:
            context = _message_context(target, kind) | {"organisation": supplier.display_name}
            notification_emit(
                kind=Kind.INVITATION_TO_APPLY,
                recipients=recipients,
                event_key=f"invitation:{kind}:{target.pk}:supplier:{supplier_id}",
                context=context,
                url=target_url(target, kind),
                group_key=f"{kind}:{target.pk}",
                group_label=target.title,
            )
    return invitation
