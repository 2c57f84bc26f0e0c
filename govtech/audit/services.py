from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models

from govtech.accounts.roles import Actor, signed_in
from govtech.audit.models import AuditEvent
from govtech.core.requestid import get_request_id


def target_label(target: models.Model | None) -> str:
    """What the trail keeps to name a target. A person is named by id only: the trail outlives
    their personal data (anonymising someone must leave it whole and copy-free)."""
    if target is None:
        return ""
    if isinstance(target, get_user_model()):
        return f"user #{target.pk}"
    return str(target)[:255]


def audit_record(
    *,
    actor: Actor | None,
    verb: str,
    target: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    organisation_id: int | None = None,
) -> AuditEvent:
    """Write one audit row. Call it inside the transaction of the change it records."""
    actor_id = actor.pk if actor is not None and signed_in(actor) else None
    return AuditEvent.objects.create(
        actor_id=actor_id,
        verb=verb,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=target_label(target),
        organisation_id=organisation_id,
        before=before or {},
        after=after or {},
        request_id=get_request_id() if get_request_id() != "-" else "",
    )
