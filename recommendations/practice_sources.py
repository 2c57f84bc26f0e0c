"""Where live practice comes from: a source registered by the app that owns the data.

The recommendations app never imports procurement. Procurement registers a source in
``ProcurementConfig.ready`` (``procurement/practice.py``) that finds, for a recommendation's
tags, the published calls and challenges that put it into practice, and resolves a
``(kind, id)`` a curator typed into the public row to link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class PracticeItem:
    """A published challenge or call, as a recommendation page shows it."""

    kind: str  # PracticeLink.Kind: "challenge" or "call"
    pk: int
    title: str
    url: str  # "" when the item has no public page of its own
    organisation: str
    organisation_id: int | None = None
    detail: str = ""  # e.g. the instrument and the deadline, in the active language


class PracticeSource(Protocol):
    def live(self, *, tags: list[str], limit: int) -> list[PracticeItem]:
        """Published calls and challenges open now whose instrument or sectors match ``tags``."""
        ...

    def resolve(self, *, kind: str, pk: int) -> tuple[Any, PracticeItem] | None:
        """The public row (for the generic ``target``) and its description, or None if not public."""
        ...

    def describe(self, targets: list[tuple[str, str]]) -> dict[tuple[str, str], PracticeItem]:
        """Current descriptions of linked ``(kind, id)`` targets that are still public."""
        ...


_source: PracticeSource | None = None


def register_practice_source(source: PracticeSource) -> None:
    global _source
    _source = source


def practice_source() -> PracticeSource | None:
    return _source
