"""The audit trail's hash chain: canonical form, commit order under concurrent writers, verify_audit."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import itertools
import json
import random
import threading
import time

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction

from govtech.audit import chain
from govtech.audit.models import AuditEvent
from govtech.audit.services import audit_record
from tests import conftest as shared


def documented_hash(row: AuditEvent) -> str:
    """The hash as docs/audit-trail.md tells a third party to compute it (written independently)."""
    target_type = f"{row.target_type.app_label}.{row.target_type.model}" if row.target_type else None
    document = {
        "v": 1,
        "seq": row.seq,
        "created_at": row.created_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor_id": row.actor_id,
        "verb": row.verb,
        "target_type": target_type,
        "target_id": row.target_id,
        "target_repr": row.target_repr,
        "organisation_id": row.organisation_id,
        "before": row.before,
        "after": row.after,
        "request_id": row.request_id,
        "prev_hash": row.prev_hash,
    }
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def verify_output() -> tuple[str, bool]:
    out = io.StringIO()
    try:
        call_command("verify_audit", stdout=out)
    except CommandError:
        return out.getvalue(), False
    return out.getvalue(), True


def superuser_sql(*statements: str | tuple[str, list[object]]) -> None:
    """Run statements on a connection of its own, as the database superuser (the tests' role), committed."""
    with psycopg.connect(shared.database_url_for_subprocesses(), autocommit=True) as conn:
        for statement in statements:
            query, params = statement if isinstance(statement, tuple) else (statement, [])
            conn.execute(query, params)


@pytest.mark.django_db
def test_each_row_hashes_its_documented_canonical_form_and_the_previous_rows_hash(officer, public_body):
    first = audit_record(actor=officer, verb="call.publish", target=public_body, after={"título": "Movilidad", "n": 1})
    second = audit_record(actor=None, verb="call.close", before={"b": [1, {"z": None, "a": 2.5}]})
    rows = list(AuditEvent.objects.select_related("target_type").order_by("seq"))
    genesis = rows[0]
    assert (genesis.seq, genesis.verb, genesis.prev_hash) == (0, chain.GENESIS_VERB, "0" * 64)
    for previous, row in itertools.pairwise(rows):
        assert row.seq == previous.seq + 1
        assert row.prev_hash == previous.hash
    for row in rows:
        assert row.hash == documented_hash(row), row.verb
    stored = {row.pk: row for row in rows}
    assert stored[second.pk].prev_hash == stored[first.pk].hash


@pytest.mark.django_db
def test_the_rows_of_one_transaction_follow_each_other_in_the_chain(officer):
    with transaction.atomic():
        written = [audit_record(actor=officer, verb=f"test.step{i}") for i in range(3)]
    assert [w.seq for w in written] == list(range(written[0].seq, written[0].seq + 3))


@pytest.mark.django_db
def test_a_row_written_in_a_rolled_back_transaction_leaves_no_gap(officer):
    kept = audit_record(actor=officer, verb="test.kept")
    try:
        with transaction.atomic():
            audit_record(actor=officer, verb="test.lost")
            raise RuntimeError
    except RuntimeError:
        pass
    after = audit_record(actor=officer, verb="test.after")
    assert after.seq == kept.seq + 1
    assert after.prev_hash == kept.hash
    output, ok = verify_output()
    assert ok, output


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_are_chained_in_commit_order(officer):
    """Eight threads, each with its own database connection, write 3 rows per transaction, 5 transactions
    each, pausing inside their transactions; the chain verifies and each transaction's rows are contiguous."""
    threads_count, transactions, rows_per_transaction = 8, 5, 3
    errors: list[BaseException] = []
    start = threading.Barrier(threads_count)

    def writer(number: int) -> None:
        try:
            start.wait()
            for t in range(transactions):
                with transaction.atomic():
                    for r in range(rows_per_transaction):
                        audit_record(actor=officer, verb="test.concurrent", after={"writer": number, "tx": t, "row": r})
                        time.sleep(random.uniform(0, 0.004))
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    rows = list(AuditEvent.objects.filter(verb="test.concurrent").order_by("seq").values_list("seq", "after"))
    assert len(rows) == threads_count * transactions * rows_per_transaction
    for offset in range(0, len(rows), rows_per_transaction):
        group = rows[offset : offset + rows_per_transaction]
        assert len({(after["writer"], after["tx"]) for _seq, after in group}) == 1, group
        assert [after["row"] for _seq, after in group] == list(range(rows_per_transaction))
        assert [seq for seq, _after in group] == list(range(group[0][0], group[0][0] + rows_per_transaction))
    output, ok = verify_output()
    assert ok, output
    assert f"events={AuditEvent.objects.count()} broken=0" in output


@pytest.mark.django_db
def test_verify_audit_ends_with_the_count_and_no_break_on_an_intact_trail(officer):
    for i in range(5):
        audit_record(actor=officer, verb=f"test.intact{i}")
    output, ok = verify_output()
    assert ok
    assert output.strip().splitlines()[-1] == "events=6 broken=0"
    head = AuditEvent.objects.order_by("-seq").first()
    assert f"head seq={head.seq} hash={head.hash}" in output


@pytest.mark.django_db(transaction=True)
def test_verify_audit_names_a_row_changed_through_a_superuser_connection(officer):
    events = [audit_record(actor=officer, verb=f"call.step{i}", after={"amount": "100"}) for i in range(6)]
    changed = events[3]
    superuser_sql(
        "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_update_delete",
        ("UPDATE audit_auditevent SET after = %s WHERE id = %s", ['{"amount": "999"}', changed.pk]),
        "ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_update_delete",
    )
    output, ok = verify_output()
    assert not ok
    assert f"first broken row: id={changed.pk} seq={changed.seq} verb=call.step3: content hash differs" in output
    assert output.strip().splitlines()[-1] == "events=7 broken=1"


@pytest.mark.django_db(transaction=True)
def test_verify_audit_names_the_row_after_one_deleted_from_the_middle(officer):
    events = [audit_record(actor=officer, verb=f"call.step{i}") for i in range(6)]
    superuser_sql(
        "SET session_replication_role = replica",  # the other way a superuser silences the trigger
        ("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk]),
    )
    output, ok = verify_output()
    assert not ok
    following = events[3]
    assert f"first broken row: id={following.pk} seq={following.seq} verb=call.step3: link: 1 row(s)" in output
    assert output.strip().splitlines()[-1] == "events=6 broken=1"


@pytest.mark.django_db(transaction=True)
def test_verify_audit_names_the_next_row_when_a_changed_row_is_rehashed(officer):
    """Recomputing the changed row's own hash does not help: the next row's link gives it away."""
    events = [audit_record(actor=officer, verb=f"call.step{i}") for i in range(4)]
    changed = AuditEvent.objects.select_related("target_type").get(pk=events[1].pk)
    changed.verb = "call.nothing_happened"
    forged = documented_hash(changed)
    superuser_sql(
        "SET session_replication_role = replica",
        ("UPDATE audit_auditevent SET verb = 'call.nothing_happened', hash = %s WHERE id = %s", [forged, changed.pk]),
    )
    output, ok = verify_output()
    assert not ok
    assert f"id={events[2].pk} seq={events[2].seq} verb=call.step2: link: prev_hash differs" in output
    assert output.strip().splitlines()[-1] == "events=5 broken=1"


@pytest.mark.django_db
def test_verify_audit_reads_the_trail_in_chunks_holding_one_row_at_a_time(officer, monkeypatch):
    for i in range(25):
        audit_record(actor=officer, verb=f"test.chunk{i}")
    fetched: list[int] = []
    real = chain._rows

    def counting(chunk_size: int):  # type: ignore[no-untyped-def]
        fetched.append(chunk_size)
        return real(chunk_size)

    monkeypatch.setattr(chain, "_rows", counting)
    out = io.StringIO()
    call_command("verify_audit", "--chunk-size", "10", stdout=out)
    assert fetched == [10]
    assert "events=26 broken=0" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_migration_chains_the_rows_written_before_it():
    """Back to the trail before the chain, three rows as they were written then, forward again."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("audit", "0002_append_only")])
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditevent (created_at, verb, target_id, target_repr, before, after, request_id)"
            " VALUES (now() - interval '3 days', 'old.one', '1', 'Acme', '{}', '{\"a\": 1}', ''),"
            " (now() - interval '2 days', 'old.two', '2', 'Ñandú', '{\"x\": [1, 2]}', '{}', 'req-1'),"
            " (now() - interval '1 day', 'old.three', '', '', '{}', '{\"n\": 2.5}', '')"
        )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("audit"))
    rows = list(AuditEvent.objects.order_by("seq").values_list("seq", "verb", "target_repr"))
    assert rows[0][:2] == (0, chain.GENESIS_VERB)
    assert [verb for _seq, verb, _repr in rows[-3:]] == ["old.one", "old.two", "old.three"]
    assert rows[-3][2] == "Acme"  # nothing already stored is changed
    output, ok = verify_output()
    assert ok, output
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgenabled FROM pg_trigger WHERE tgname = 'audit_event_no_update_delete'"
            " AND tgrelid = 'audit_auditevent'::regclass"
        )
        assert cursor.fetchone() == ("O",)  # enabled again
