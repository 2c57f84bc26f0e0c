"""The call lifecycle: the one transition table of calls (STYLE.md §6), and the timestamp each state sets."""

from __future__ import annotations

from govtech.core.lifecycle import Lifecycle
from procurement.calls.models import Call

S = Call.Status

CALL = Lifecycle.of(
    "call",
    {
        S.DRAFT: {S.IN_APPROVAL, S.CANCELLED},
        S.IN_APPROVAL: {S.DRAFT, S.PUBLISHED, S.CANCELLED},
        S.PUBLISHED: {S.CLOSED, S.CANCELLED},
        S.CLOSED: {S.IN_EVALUATION, S.CANCELLED},
        S.IN_EVALUATION: {S.AWARDED, S.UNSUCCESSFUL, S.CANCELLED},
        # Back in evaluation only when an upheld complaint annuls the decision (procurement.awards).
        S.AWARDED: {S.IN_EVALUATION},
        S.UNSUCCESSFUL: {S.IN_EVALUATION},
        S.CANCELLED: set(),
    },
    timestamps={
        S.IN_APPROVAL: "submitted_at",
        S.PUBLISHED: "published_at",
        S.CLOSED: "closed_at",
        S.IN_EVALUATION: "evaluation_started_at",
        S.AWARDED: "decided_at",
        S.UNSUCCESSFUL: "decided_at",
        S.CANCELLED: "cancelled_at",
    },
)
