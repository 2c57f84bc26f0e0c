from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest
from django.utils import timezone

from govtech.audit.models import AuditEvent
from govtech.core.errors import InvalidTransition
from procurement.calls.lifecycle import CALL
from procurement.calls.models import Call
from procurement.calls.services import call_transition
from tests.procurement.factories import make_call, verified_body

PAIRS = list(itertools.product(Call.Status.values, Call.Status.values))


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_it_allows_or_refuses_every_pair_of_states(source: str, target: str, public_body: Any, approver: Any) -> None:
    verified_body(public_body)
    call = make_call(public_body, status=source)
    if target == Call.Status.CLOSED:  # the deadline holds: a call closes once its deadline has passed
        call = make_call(public_body, status=source, submission_deadline=timezone.now() - datetime.timedelta(minutes=1))
    if CALL.allows(source, target):
        call_transition(call=call, to=target, actor=approver, reason="Presupuesto retirado")
        call.refresh_from_db()
        assert call.status == target
        assert AuditEvent.objects.filter(verb=f"call.{target}").count() == 1
        stamp = CALL.timestamps.get(target)
        if stamp:
            assert getattr(call, stamp) is not None
    else:
        with pytest.raises(InvalidTransition):
            call_transition(call=call, to=target, actor=approver, reason="x")
        call.refresh_from_db()
        assert call.status == source
