"""Load the starting catalogue (or an editor's replacement) from JSON, idempotently.

The starting catalogue in ``recommendations/data/`` is a reconstruction based on the
report's three lines of action, not the report's own list: editors curate it against
the original. Loading creates what is missing (matched by slug) and leaves existing
rows alone, so running it twice creates nothing new. With ``update`` and an editor as
``actor``, changed texts become new draft versions for review instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from govtech.accounts.roles import Actor, signed_in
from govtech.audit.services import audit_record
from govtech.core.errors import ApplicationError
from recommendations.content import content_clean
from recommendations.models import Instrument, LineOfAction, Recommendation, RecommendationVersion
from recommendations.services.catalogue import recommendation_save_draft

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CATALOGUE_FILE = DATA_DIR / "catalogue.json"
# Stored in English, shown translated (``{% translate version.note %}``).
STARTING_NOTE = gettext_noop("Starting catalogue")
LOADED_NOTE = gettext_noop("Loaded from catalogue file")
INSTRUMENTS_FILE = DATA_DIR / "instruments.json"


@dataclass
class LoadResult:
    lines: int = 0
    recommendations: int = 0
    instruments: int = 0
    updated: int = 0

    def __str__(self) -> str:
        return (
            f"{self.lines} lines, {self.recommendations} recommendations, {self.instruments} instruments created; "
            f"{self.updated} recommendations with a new draft version"
        )


def _read(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ApplicationError(f"Cannot read {path}: {exc}") from exc


def instruments_load(*, path: Path = INSTRUMENTS_FILE) -> int:
    """Create the instruments that do not exist yet (published, with their sources)."""
    created = 0
    for row in _read(path)["instruments"]:
        if Instrument.objects.filter(slug=row["slug"]).exists():
            continue
        instrument = Instrument.objects.create(
            slug=row["slug"],
            kind=row["kind"],
            country=row["country"],
            name=row["name"],
            description=row.get("description", {}),
            phases=row.get("phases", {}),
            caps=row.get("caps", {}),
            rules=row.get("rules", {}),
            sources=row.get("sources", []),
            status=Instrument.Status.PUBLISHED,
        )
        audit_record(actor=None, verb="instrument.loaded", target=instrument)
        created += 1
    return created


def catalogue_load(
    *,
    actor: Actor | None = None,
    path: Path = CATALOGUE_FILE,
    instruments_path: Path | None = INSTRUMENTS_FILE,
    update: bool = False,
) -> LoadResult:
    """Load lines, instruments and recommendations; new recommendations are published as version 1."""
    data = _read(path)
    result = LoadResult()
    with transaction.atomic():
        if instruments_path is not None:
            result.instruments = instruments_load(path=instruments_path)
        lines = {}
        for row in data["lines"]:
            line, created = LineOfAction.objects.get_or_create(
                number=row["number"], defaults={"slug": row["slug"], "title": row["title"], "summary": row["summary"]}
            )
            lines[row["number"]] = line
            result.lines += int(created)
        taken = set(Recommendation.objects.values_list("number", flat=True))
        for row in data["recommendations"]:
            content = content_clean(row["content"])
            existing = Recommendation.objects.filter(slug=row["slug"]).first()
            if existing is not None:
                if update and existing.latest_version and existing.latest_version.content != content:
                    recommendation_save_draft(actor=actor, recommendation=existing, content=content, note=LOADED_NOTE)
                    result.updated += 1
                continue
            number = row["number"] if row["number"] not in taken else max(taken | {0}) + 1
            taken.add(number)
            _create_published(row=row, content=content, line=lines[row["line"]], number=number, actor=actor)
            result.recommendations += 1
    return result


def _create_published(
    *, row: dict[str, Any], content: dict[str, Any], line: LineOfAction, number: int, actor: Actor | None
) -> Recommendation:
    now = timezone.now()
    user = actor if signed_in(actor) else None
    recommendation = Recommendation.objects.create(
        slug=row["slug"], line=line, number=number, status=Recommendation.Status.PUBLISHED, published_at=now
    )
    version = RecommendationVersion.objects.create(
        recommendation=recommendation,
        number=1,
        content=content,
        note=STARTING_NOTE,
        created_by=user,
        published_at=now,
        published_by=user,
    )
    recommendation.latest_version = version
    recommendation.published_version = version
    recommendation.save(update_fields=["latest_version", "published_version"])
    recommendation.instruments.set(Instrument.objects.filter(slug__in=row.get("instruments", [])))
    audit_record(actor=actor, verb="recommendation.loaded", target=recommendation, after={"version": 1})
    return recommendation
