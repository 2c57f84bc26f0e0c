"""Procurement's cached public fragments: the opportunities pages seen by visitors.

``CALLS`` is bumped by every write to calls, challenges and public bodies (signals, connected in
``ProcurementConfig.ready``) and by the code that writes them with ``QuerySet.update()`` (the search
index). Its copies also expire after ``CALLS_TIMEOUT`` seconds, since "closing within 7 days" moves
with the clock.
"""

from __future__ import annotations

from govtech.accounts.models import Organisation
from govtech.core import fragments
from procurement.bodies.models import PublicBody
from procurement.calls.models import Call, CallAmendment
from procurement.challenges.models import Challenge

CALLS = "calls"
CALLS_TIMEOUT = 60


def bump() -> None:
    fragments.bump_now_and_on_commit(CALLS)


def connect() -> None:

    fragments.invalidate_on(CALLS, Call, Challenge, PublicBody, CallAmendment)
    fragments.invalidate_on(CALLS, Organisation, when=lambda row: getattr(row, "kind", "") == "public_body")
