"""How a self-assessment is scored. Pure functions: no database.

Each rating is worth points: not started 0, planned 1/3, in progress 2/3,
implemented 1. "Not applicable" is left out of both the points and the count. A
recommendation the body has not rated yet counts as not started. A line's score is
the mean of its applicable items × 100 (0–100, one decimal); the overall score is the
mean over all applicable items (so lines weigh by their number of recommendations).
A line, or the whole, with no applicable item has no score (``None``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

NOT_APPLICABLE = "not_applicable"
POINTS = {"not_started": 0.0, "planned": 1 / 3, "in_progress": 2 / 3, "implemented": 1.0}


@dataclass(frozen=True)
class Scores:
    overall: float | None
    lines: dict[int, float | None] = field(default_factory=dict)


def _mean(values: list[float]) -> float | None:
    return round(100 * sum(values) / len(values), 1) if values else None


def assessment_scores(items: Iterable[tuple[int, str]]) -> Scores:
    """Score ``(line_number, rating)`` pairs per line and overall."""
    per_line: dict[int, list[float]] = defaultdict(list)
    lines_seen: set[int] = set()
    every: list[float] = []
    for line, rating in items:
        lines_seen.add(line)
        if rating == NOT_APPLICABLE:
            continue
        points = POINTS.get(rating, 0.0)
        per_line[line].append(points)
        every.append(points)
    return Scores(overall=_mean(every), lines={line: _mean(per_line[line]) for line in sorted(lines_seen)})
