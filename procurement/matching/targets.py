"""What matching ranks: calls open for submissions and published challenges (its *targets*)."""

from __future__ import annotations

from typing import Any

from procurement.calls.models import Call
from procurement.challenges.models import Challenge

CALL, CHALLENGE = "call", "challenge"
KINDS = (CALL, CHALLENGE)


def target_kind(target: Any) -> str:
    return CALL if isinstance(target, Call) else CHALLENGE


def target_filter(target: Any) -> dict[str, Any]:
    return {target_kind(target): target}


def load_target(kind: str, pk: int) -> Call | Challenge | None:
    if kind == CALL:
        return Call.objects.select_related("body", "challenge").filter(pk=pk).first()
    if kind == CHALLENGE:
        return Challenge.objects.select_related("body").filter(pk=pk).first()
    return None


def is_rankable(target: Any) -> bool:
    """Only what suppliers can act on is ranked: calls open for submissions, published challenges."""
    return bool(target.status == "published")
