"""The application lifecycle: the one transition table (STYLE.md §6).

A draft is submitted; until the call's deadline a submitted application may be withdrawn and then submitted
again (each submission gets its own receipt). After opening, the evaluation and award apps move submitted
applications on (shortlisted, awarded, unsuccessful, disqualified); this app never does.
"""

from __future__ import annotations

from procurement.applications.models import Application

S = Application.Status

TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset({S.WITHDRAWN, S.SHORTLISTED, S.AWARDED, S.UNSUCCESSFUL, S.DISQUALIFIED}),
    S.WITHDRAWN: frozenset({S.SUBMITTED}),
    S.SHORTLISTED: frozenset({S.AWARDED, S.UNSUCCESSFUL, S.DISQUALIFIED}),
    S.AWARDED: frozenset(),
    S.UNSUCCESSFUL: frozenset(),
    S.DISQUALIFIED: frozenset(),
}

# States in which the supplier may still change the content (and its files).
EDITABLE: frozenset[str] = frozenset({S.DRAFT, S.WITHDRAWN})


def is_allowed(source: str, target: str) -> bool:
    return target in TRANSITIONS.get(source, frozenset())
