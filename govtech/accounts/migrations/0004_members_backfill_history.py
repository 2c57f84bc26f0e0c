"""Back-fill the membership history from the audit trail and the memberships as they stand.

For each membership, its audit events say when it became active (accepted, approved), changed role and ended
(removed, account deleted). An active membership with no such event joined when it was created; a revoked one
with no audit event at all (created directly by an import or a seed, then ended) is taken to have been active from
its creation to its last change: for a conflict-of-interest check, assuming a past membership is the prudent side.
Rows written here are marked ``backfilled``. Nothing already stored is changed.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

JOIN_VERBS = {"membership.accepted", "membership.approved"}
ACTIVE = "active"


def backfill(apps: Any, schema_editor: Any) -> None:
    Membership = apps.get_model("accounts", "Membership")
    MembershipEvent = apps.get_model("accounts", "MembershipEvent")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    membership_type = ContentType.objects.filter(app_label="accounts", model="membership").first()
    by_membership: dict[str, list[Any]] = {}
    ended_by_anonymise: dict[int, Any] = {}
    if membership_type is not None:
        for event in AuditEvent.objects.filter(target_type=membership_type).order_by("created_at", "id").iterator():
            by_membership.setdefault(event.target_id, []).append(event)
    for event in AuditEvent.objects.filter(verb="account.anonymise").order_by("created_at", "id").iterator():
        for pk in (event.after or {}).get("revoked_memberships", []) or []:
            ended_by_anonymise[int(pk)] = event
    rows = []
    for m in Membership.objects.all().order_by("pk").iterator():
        events = by_membership.get(str(m.pk), [])

        def row(kind: str, at: Any, actor_id: Any, role: str, previous_role: str = "", m: Any = m) -> Any:
            return MembershipEvent(
                membership_id=m.pk,
                user_id=m.user_id,
                organisation_id=m.organisation_id,
                event=kind,
                role=role,
                previous_role=previous_role,
                at=at,
                actor_id=actor_id,
                backfilled=True,
            )

        active = False
        changes = [e for e in events if e.verb == "membership.role_changed" and (e.before or {}).get("role")]
        role = changes[0].before["role"] if changes else m.role  # the role it was joined with
        for e in events:
            before = e.before or {}
            if e.verb in JOIN_VERBS and not active:
                rows.append(row("joined", e.created_at, e.actor_id, role))
                active = True
            elif e.verb == "membership.role_changed" and active:
                previous = before.get("role", "")
                new = (e.after or {}).get("role", role)
                rows.append(row("role_changed", e.created_at, e.actor_id, new, previous))
                role = new
            elif e.verb == "membership.removed" and (active or before.get("status") == ACTIVE):
                if not active:
                    rows.append(row("joined", m.created_at, None, role))
                rows.append(row("left", e.created_at, e.actor_id, role))
                active = False
        if not events:
            if m.status not in (ACTIVE, "revoked"):
                continue  # invited or requested, never active
            rows.append(row("joined", m.created_at, m.invited_by_id, role))  # created directly (import, seed)
            active = True
        if active and m.status != ACTIVE:
            ended = ended_by_anonymise.get(m.pk)
            at = ended.created_at if ended else m.updated_at
            rows.append(row("left", at, ended.actor_id if ended else None, role))
        elif not active and m.status == ACTIVE:
            rows.append(row("joined", m.created_at, m.invited_by_id, role))
    MembershipEvent.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_members_membership_history"),
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
