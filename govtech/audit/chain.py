"""The audit trail's hash chain: every row carries the SHA-256 of its content and of the row before it.

The canonical serialisation (format 1), which anyone can recompute from a row (docs/audit-trail.md):

- a JSON object with exactly these keys: ``v`` (1), ``seq``, ``created_at``, ``actor_id``, ``verb``,
  ``target_type``, ``target_id``, ``target_repr``, ``organisation_id``, ``before``, ``after``,
  ``request_id``, ``prev_hash``;
- ``created_at`` in UTC as ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` (always six digits of microseconds);
- ``target_type`` as ``"<app_label>.<model>"`` (never a database id) or ``null``; ``actor_id`` and
  ``organisation_id`` integers or ``null``; ``before`` and ``after`` the stored JSON objects;
- written with keys sorted at every level, no whitespace (``","`` and ``":"``), non-ASCII characters
  as themselves, then encoded in UTF-8 — Python's
  ``json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)``;
- ``hash`` is the lower-case hex SHA-256 of those bytes; ``prev_hash`` is the previous row's ``hash``
  (64 zeros for the genesis row, ``seq`` 0).

Rows are chained in commit order: the writer takes a transaction-level advisory lock before it reads
the chain's head, and holds it until its transaction ends (docs/decisions/0050-audit-hash-chain.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from govtech.audit.models import AuditEvent

FORMAT = 1
GENESIS_VERB = "audit.genesis"
GENESIS_PREV_HASH = "0" * 64
# pg_advisory_xact_lock key of the chain's head: a fixed 63-bit number ("govtech audit chain").
CHAIN_LOCK_KEY = 0x676F76_61756469


def utc_timestamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_bytes(
    *,
    seq: int,
    created_at: dt.datetime,
    actor_id: int | None,
    verb: str,
    target_type: str | None,
    target_id: str,
    target_repr: str,
    organisation_id: int | None,
    before: Any,
    after: Any,
    request_id: str,
    prev_hash: str,
) -> bytes:
    """The bytes that are hashed for one row (format 1, described in the module's docstring)."""
    document = {
        "v": FORMAT,
        "seq": seq,
        "created_at": utc_timestamp(created_at),
        "actor_id": actor_id,
        "verb": verb,
        "target_type": target_type,
        "target_id": target_id,
        "target_repr": target_repr,
        "organisation_id": organisation_id,
        "before": before,
        "after": after,
        "request_id": request_id,
        "prev_hash": prev_hash,
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


def content_hash(**fields: Any) -> str:
    return hashlib.sha256(canonical_bytes(**fields)).hexdigest()


def type_label(content_type_id: int | None) -> str | None:
    if content_type_id is None:
        return None
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
    except ContentType.DoesNotExist:
        return f"?{content_type_id}"  # a type that does not exist: the recomputed hash cannot match
    return f"{content_type.app_label}.{content_type.model}"


def _hash_of(event: AuditEvent) -> str:
    return content_hash(
        seq=event.seq,
        created_at=event.created_at,
        actor_id=event.actor_id,
        verb=event.verb,
        target_type=type_label(event.target_type_id),
        target_id=event.target_id,
        target_repr=event.target_repr,
        organisation_id=event.organisation_id,
        before=event.before,
        after=event.after,
        request_id=event.request_id,
        prev_hash=event.prev_hash,
    )


def _json_roundtrip(value: dict[str, Any]) -> dict[str, Any]:
    """The value as it will be read back from the jsonb column, so that the hash is of what is stored."""
    return json.loads(json.dumps(value, allow_nan=False))


def _insert(event: AuditEvent, *, seq: int, prev_hash: str) -> AuditEvent:
    event.seq = seq
    event.prev_hash = prev_hash
    event.created_at = timezone.now()
    event.before = _json_roundtrip(event.before or {})
    event.after = _json_roundtrip(event.after or {})
    event.hash = _hash_of(event)
    event.save(force_insert=True)
    return event


def append(event: AuditEvent) -> AuditEvent:
    """Chain and insert ``event`` (unsaved) in the caller's transaction, or in one of its own.

    The advisory lock is held until the transaction ends, so the next writer reads this row as the
    head only once it is committed (or, if it is rolled back, the head before it).
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
        head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
        if head is None:
            genesis = _insert(
                AuditEvent(verb=GENESIS_VERB, after={"format": FORMAT, "algorithm": "sha256"}),
                seq=0,
                prev_hash=GENESIS_PREV_HASH,
            )
            head = (genesis.seq, genesis.hash)
        return _insert(event, seq=head[0] + 1, prev_hash=head[1])


@dataclass(frozen=True)
class Break:
    """A row where the chain does not hold: its content was changed, or the row before it is missing."""

    id: int
    seq: int
    verb: str
    problem: str


@dataclass
class Verification:
    events: int = 0
    broken: int = 0
    first: Break | None = None
    head_seq: int | None = None
    head_hash: str = ""


_FIELDS = (
    "pk",
    "seq",
    "created_at",
    "actor_id",
    "verb",
    "target_type_id",
    "target_id",
    "target_repr",
    "organisation_id",
    "before",
    "after",
    "request_id",
    "prev_hash",
    "hash",
)


def _rows(chunk_size: int) -> Iterator[dict[str, Any]]:
    query = AuditEvent.objects.order_by("seq").values_list(*_FIELDS)
    for values in query.iterator(chunk_size=chunk_size):
        yield dict(zip(_FIELDS, values, strict=True))


def _problems(row: dict[str, Any], expected_seq: int, expected_prev: str) -> list[str]:
    problems = []
    if row["seq"] is None:
        return ["link: the row is not chained (no seq)"]
    if row["seq"] != expected_seq:
        if row["seq"] > expected_seq:
            missing = row["seq"] - expected_seq
            problems.append(f"link: {missing} row(s) before it are missing (seq {expected_seq} expected)")
        else:
            problems.append(f"link: seq {row['seq']} repeats (seq {expected_seq} expected)")
    elif row["prev_hash"] != expected_prev:
        problems.append("link: prev_hash differs from the previous row's hash")
    if expected_seq == 0 and row["seq"] == 0 and row["verb"] != GENESIS_VERB:
        problems.append("link: the chain does not start at a genesis row")
    recomputed = content_hash(
        seq=row["seq"],
        created_at=row["created_at"],
        actor_id=row["actor_id"],
        verb=row["verb"],
        target_type=type_label(row["target_type_id"]),
        target_id=row["target_id"],
        target_repr=row["target_repr"],
        organisation_id=row["organisation_id"],
        before=row["before"],
        after=row["after"],
        request_id=row["request_id"],
        prev_hash=row["prev_hash"],
    )
    if recomputed != row["hash"]:
        problems.append("content hash differs (the row was changed after it was written)")
    return problems


def verify(*, chunk_size: int = 2000) -> Verification:
    """Walk the whole chain in ``seq`` order, holding one row at a time (a server-side cursor)."""
    result = Verification()
    expected_seq, expected_prev = 0, GENESIS_PREV_HASH
    for row in _rows(chunk_size):
        result.events += 1
        problems = _problems(row, expected_seq, expected_prev)
        if problems:
            result.broken += 1
            if result.first is None:
                result.first = Break(id=row["pk"], seq=row["seq"], verb=row["verb"], problem="; ".join(problems))
        if row["seq"] is None:
            continue
        # Carry on from what the row says, so each damaged place counts once.
        expected_seq, expected_prev = row["seq"] + 1, row["hash"]
        result.head_seq, result.head_hash = row["seq"], row["hash"]
    return result
