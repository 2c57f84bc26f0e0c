from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from govtech.accounts.roles import Actor, signed_in
from govtech.audit import chain
from govtech.audit.models import AuditEvent
from govtech.core.requestid import get_request_id


def target_label(target: models.Model | None) -> str:
    """What the trail stores to name a target: its type and id, never its name. Names are resolved when
    the trail is read (``govtech.audit.names``), so the trail holds no personal data and no applicant's
    name, and a renamed or anonymised record reads as it is now."""
    if target is None:
        return ""
    content_type = ContentType.objects.get_for_model(target)
    return f"{content_type.app_label}.{content_type.model} #{target.pk}"


def audit_record(
    *,
    actor: Actor | None,
    verb: str,
    target: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    organisation_id: int | None = None,
) -> AuditEvent:
    """Write one audit row, chained to the one before it. Call it inside the transaction of the change it
    records, after the change's own writes (it holds the chain's lock until that transaction ends)."""
    actor_id = actor.pk if actor is not None and signed_in(actor) else None
    request_id = get_request_id()
    return chain.append(
        AuditEvent(
            actor_id=actor_id,
            verb=verb,
            target_type=ContentType.objects.get_for_model(target) if target is not None else None,
            target_id=str(target.pk) if target is not None else "",
            target_repr=target_label(target),
            organisation_id=organisation_id,
            before=before or {},
            after=after or {},
            request_id=request_id if request_id != "-" else "",
        )
    )
