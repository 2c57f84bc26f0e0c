from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from govtech.audit.models import AuditEvent
from govtech.audit.services import audit_record


@pytest.mark.django_db
def test_an_audit_event_records_actor_target_and_states(officer, public_body):
    event = audit_record(actor=officer, verb="test.changed", target=public_body, before={"a": 1}, after={"a": 2})
    assert event.actor_id == officer.pk
    assert AuditEvent.objects.for_target(public_body).get() == event


@pytest.mark.django_db
@pytest.mark.parametrize("statement", ["UPDATE audit_auditevent SET verb = 'x'", "DELETE FROM audit_auditevent"])
def test_the_database_refuses_to_rewrite_the_trail(officer, statement):
    audit_record(actor=officer, verb="test.created")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEvent.objects.filter(verb="test.created").count() == 1
