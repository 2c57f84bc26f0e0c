"""The challenge lifecycle: a problem statement is published, then closed, then archived."""

from __future__ import annotations

from govtech.core.lifecycle import Lifecycle
from procurement.challenges.models import Challenge

S = Challenge.Status

CHALLENGE = Lifecycle.of(
    "challenge",
    {
        S.DRAFT: {S.PUBLISHED},
        S.PUBLISHED: {S.CLOSED, S.ARCHIVED},
        S.CLOSED: {S.ARCHIVED},
        S.ARCHIVED: set(),
    },
    timestamps={S.PUBLISHED: "published_at", S.CLOSED: "closed_at"},
)
