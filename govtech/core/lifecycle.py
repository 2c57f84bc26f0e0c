"""One shape for every workflow: a transition table, the timestamp each state sets, and one way to ask it.

Each app declares its workflows in its ``lifecycle.py`` (calls, challenges, applications, supplier verification,
recommendations, instruments) and its services ask ``lifecycle.allows`` / ``lifecycle.check`` before moving a row;
tests walk ``lifecycle.pairs()`` to try every legal and illegal move.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from govtech.core.errors import InvalidTransition


@dataclass(frozen=True)
class Lifecycle:
    """A workflow named ``name``: ``transitions[source]`` is the set of states that may follow ``source``;
    ``timestamps[target]`` names the field a move to ``target`` stamps (if any)."""

    name: str
    transitions: Mapping[str, frozenset[str]]
    timestamps: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(
        cls, name: str, table: Mapping[str, Iterable[str]], timestamps: Mapping[str, str] | None = None
    ) -> Lifecycle:
        return cls(
            name,
            {str(source): frozenset(str(t) for t in targets) for source, targets in table.items()},
            {str(k): v for k, v in (timestamps or {}).items()},
        )

    @property
    def states(self) -> frozenset[str]:
        return frozenset(self.transitions) | frozenset(t for targets in self.transitions.values() for t in targets)

    def targets(self, source: str) -> frozenset[str]:
        return self.transitions.get(str(source), frozenset())

    def allows(self, source: str, target: str) -> bool:
        return str(target) in self.targets(source)

    def check(self, source: str, target: str, message: str = "") -> None:
        """Refuse a move the table does not allow (409, ``InvalidTransition``)."""
        if not self.allows(source, target):
            raise InvalidTransition(
                message or _("This cannot move from %(source)s to %(target)s.") % {"source": source, "target": target}
            )

    def pairs(self) -> Iterator[tuple[str, str, bool]]:
        """Every (source, target, allowed) over the states, for tests."""
        for source in sorted(self.states):
            for target in sorted(self.states):
                if source != target:
                    yield source, target, self.allows(source, target)
