"""What procurement's services call when a call or challenge is published or amended (after commit)."""

from __future__ import annotations

from typing import Any

from govtech.core.enqueue import enqueue_on_commit
from procurement.matching.targets import target_kind


def rank_on_commit(target: Any) -> None:
    """Queue the ranking of ``target`` once the transaction commits; if Redis is down, the sweep catches up."""
    enqueue_on_commit("matching.rank_target", target_kind(target), target.pk)
