"""Reads of the audit trail."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import QuerySet

from govtech.accounts.roles import Actor
from govtech.audit.models import AuditEvent
from govtech.audit.names import with_target_names


def audit_events_for(user: Actor) -> QuerySet[AuditEvent]:
    """The events ``user`` may read, newest first, with what the listings show."""
    return (
        AuditEvent.objects.visible_to(user)
        .for_reader(user)
        .select_related("actor", "target_type")
        .order_by("-created_at", "-id")
    )


def actor_label(event: AuditEvent) -> str:
    """How the trail names the actor: the current e-mail (a placeholder once anonymised), else the system; nobody
    on a row about sealed work (``govtech.audit.seal``)."""
    if getattr(event, "sealed", False):
        return "sealed"
    if event.actor_id is None:
        return "system"
    actor = event.actor
    return f"#{event.actor_id} {actor.email}" if actor is not None else f"#{event.actor_id}"


EXPORT_HEADER = [
    "id",
    "created_at",
    "actor_id",
    "actor",
    "verb",
    "target_type",
    "target_id",
    "target",
    "organisation_id",
    "before",
    "after",
    "request_id",
    "seq",
    "prev_hash",
    "hash",
    "sealed",
]


def export_rows(events: QuerySet[AuditEvent], viewer: Any) -> Any:
    """CSV rows: targets named as ``viewer`` may see them, and the chain's columns. A row's stored
    ``target_repr`` is the neutral ``"<target_type> #<target_id>"`` (rows written before the chain existed
    may hold a name, which is not exported), so anyone holding the export can recompute the hashes of
    the rows written since (docs/audit-trail.md)."""

    for event in with_target_names(events.iterator(chunk_size=500), viewer, batch=500):
        yield [
            event.pk,
            event.created_at.isoformat(),
            event.actor_id or "",
            actor_label(event),
            event.verb,
            f"{event.target_type.app_label}.{event.target_type.model}" if event.target_type else "",
            event.target_id,
            event.target_label,  # type: ignore[attr-defined]
            event.organisation_id or "",
            json.dumps(event.before, ensure_ascii=False, sort_keys=True),
            json.dumps(event.after, ensure_ascii=False, sort_keys=True),
            event.request_id,
            event.seq,
            event.prev_hash,
            event.hash,
            "yes" if getattr(event, "sealed", False) else "",
        ]
