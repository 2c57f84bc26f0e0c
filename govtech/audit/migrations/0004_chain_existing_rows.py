"""Chain the rows written before the hash chain existed: a genesis row, then every row in id order.

Runs as the table's owner (migrations always do: docs/audit-trail.md). The append-only trigger is
disabled for this migration's own UPDATE only, inside its transaction: if anything fails, the trigger
is back as it was. The canonical form is copied here (format 1 of ``govtech.audit.chain``) so that this
migration keeps hashing the same way whatever the code does later.
"""

import datetime as dt
import hashlib
import json

from django.db import migrations
from django.utils import timezone

GENESIS_VERB = "audit.genesis"
GENESIS_PREV_HASH = "0" * 64
CHAIN_LOCK_KEY = 0x676F76_61756469


def _hash(**fields):
    document = {
        "v": 1,
        **fields,
        "created_at": fields["created_at"].astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
    }
    return hashlib.sha256(
        json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()
    ).hexdigest()


def chain_existing_rows(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    labels = {ct.pk: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.all()}
    cursor = schema_editor.connection.cursor()
    # Foreign keys checked at once, so that no trigger event is pending when the table is altered below.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
    if AuditEvent.objects.filter(seq__isnull=False).exists():
        return  # already chained (the migration was faked back and applied again)
    existing = AuditEvent.objects.filter(seq__isnull=True).count()
    genesis = AuditEvent(
        created_at=timezone.now(),
        verb=GENESIS_VERB,
        target_id="",
        target_repr="",
        before={},
        after={"format": 1, "algorithm": "sha256", "chained_existing_rows": existing},
        request_id="",
        seq=0,
        prev_hash=GENESIS_PREV_HASH,
    )
    genesis.hash = _hash(**_fields(genesis, labels))
    genesis.save(force_insert=True)
    if not existing:
        return
    cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_update_delete")
    previous = genesis.hash
    rows = AuditEvent.objects.filter(seq__isnull=True).exclude(pk=genesis.pk).order_by("id")
    for seq, event in enumerate(rows.iterator(chunk_size=1000), start=1):
        pk = event.pk
        event.seq, event.prev_hash = seq, previous
        event.hash = _hash(**_fields(event, labels))
        AuditEvent.objects.filter(pk=pk).update(seq=seq, prev_hash=event.prev_hash, hash=event.hash)
        previous = event.hash
    cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_update_delete")


def _fields(event, labels):
    return {
        "seq": event.seq,
        "created_at": event.created_at,
        "actor_id": event.actor_id,
        "verb": event.verb,
        "target_type": labels.get(event.target_type_id) if event.target_type_id else None,
        "target_id": event.target_id,
        "target_repr": event.target_repr,
        "organisation_id": event.organisation_id,
        "before": event.before,
        "after": event.after,
        "request_id": event.request_id,
        "prev_hash": event.prev_hash,
    }


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_chain_columns"), ("contenttypes", "0002_remove_content_type_name")]
    operations = [migrations.RunPython(chain_existing_rows, migrations.RunPython.noop)]
