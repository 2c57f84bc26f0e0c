"""Reads of the audit trail."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import QuerySet

from govtech.accounts.roles import Actor
from govtech.audit.models import AuditEvent


def audit_events_for(user: Actor) -> QuerySet[AuditEvent]:
    """The events ``user`` may read, newest first, with what the listings show."""
    return AuditEvent.objects.visible_to(user).select_related("actor", "target_type").order_by("-created_at", "-id")


def actor_label(event: AuditEvent) -> str:
    """How the trail names the actor: the current e-mail (a placeholder once anonymised), else the system."""
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
]


def export_rows(events: QuerySet[AuditEvent]) -> Any:

    for event in events.iterator(chunk_size=500):
        yield [
            event.pk,
            event.created_at.isoformat(),
            event.actor_id or "",
            actor_label(event),
            event.verb,
            f"{event.target_type.app_label}.{event.target_type.model}" if event.target_type else "",
            event.target_id,
            event.target_repr,
            event.organisation_id or "",
            json.dumps(event.before, ensure_ascii=False, sort_keys=True),
            json.dumps(event.after, ensure_ascii=False, sort_keys=True),
            event.request_id,
        ]
