"""The application lifecycle: the one transition table (STYLE.md §6).

A draft is submitted; until the call's deadline a submitted application may be withdrawn and then submitted
again (each submission gets its own receipt). After opening, the evaluation and award apps move submitted
applications on (shortlisted, awarded, unsuccessful, disqualified); this app never does.
"""

from __future__ import annotations

from govtech.core.lifecycle import Lifecycle
from procurement.applications.models import Application

S = Application.Status

APPLICATION = Lifecycle.of(
    "application",
    {
        S.DRAFT: {S.SUBMITTED},
        S.SUBMITTED: {S.WITHDRAWN, S.SHORTLISTED, S.AWARDED, S.UNSUCCESSFUL, S.DISQUALIFIED},
        S.WITHDRAWN: {S.SUBMITTED},
        S.SHORTLISTED: {S.AWARDED, S.UNSUCCESSFUL, S.DISQUALIFIED},
        S.AWARDED: set(),
        S.UNSUCCESSFUL: set(),
        S.DISQUALIFIED: set(),
    },
)

# States in which the supplier may still change the content (and its files).
EDITABLE: frozenset[str] = frozenset({S.DRAFT, S.WITHDRAWN})
