from __future__ import annotations

from procurement.calls.models import Call

S = Call.Status


TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.IN_APPROVAL, S.CANCELLED}),
    S.IN_APPROVAL: frozenset({S.DRAFT, S.PUBLISHED, S.CANCELLED}),
    S.PUBLISHED: frozenset({S.CLOSED, S.CANCELLED}),
    S.CLOSED: frozenset({S.IN_EVALUATION, S.CANCELLED}),
    S.IN_EVALUATION: frozenset({S.AWARDED, S.UNSUCCESSFUL, S.CANCELLED}),
    # Back in evaluation only when an upheld complaint annuls the decision (procurement.awards).
    S.AWARDED: frozenset({S.IN_EVALUATION}),
    S.UNSUCCESSFUL: frozenset({S.IN_EVALUATION}),
    S.CANCELLED: frozenset(),
}


# The timestamp each target state sets.
TIMESTAMPS: dict[str, str] = {
    S.IN_APPROVAL: "submitted_at",
    S.PUBLISHED: "published_at",
    S.CLOSED: "closed_at",
    S.IN_EVALUATION: "evaluation_started_at",
    S.AWARDED: "decided_at",
    S.UNSUCCESSFUL: "decided_at",
    S.CANCELLED: "cancelled_at",
}


def is_allowed(source: str, target: str) -> bool:
    return target in TRANSITIONS.get(source, frozenset())
