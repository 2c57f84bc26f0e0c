"""`manage.py evaluate_search FILE.json`: recall@10 of the opportunities' search, per query and text language.

FILE.json holds ``{"queries": [{"id", "query", "language", "relevant": [document ids]}]}``; the documents are read from
``corpus.json`` beside it (or ``--corpus``): ``{"documents": [{"id", "kind": "call"|"challenge", "language", "title",
"text", "details", "tags"}]}``. The documents are written as published calls and challenges of one public body, indexed
as the services index them, searched with ``procurement.search.text_search`` in the query's language (calls and
challenges together, by rank), and everything is rolled back at the end.

For a query and a text language with relevant documents, recall@10 is the share of those documents in the first ten
results (of at most ten). One line per (query language, text language) pair, then
``overall recall@10=<r> cross_recall@10=<c> same_recall@10=<s>`` (means over the (query, text language) units).
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from govtech.accounts.models import Organisation
from procurement import search
from procurement.calls.models import Call
from procurement.challenges.models import Challenge
from startups.reference_data import SECTORS

LANGUAGES = ("es", "pt", "en")
_SECTOR_SLUGS = {slug for slug, *_ in SECTORS}


class _Rollback(Exception):
    pass


def load(path: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError) as exc:
        raise CommandError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise CommandError(f"{path}: expected a JSON object")
    return data


def _create(documents: list[dict[str, Any]]) -> dict[tuple[str, int], str]:
    """Published calls and challenges for ``documents``; (kind, pk) -> document id."""
    body = Organisation.objects.create(
        kind=Organisation.Kind.PUBLIC_BODY, name="Search evaluation body", slug="search-evaluation-body"
    )
    now = timezone.now()
    ids: dict[tuple[str, int], str] = {}
    calls, challenges = [], []
    for doc in documents:
        tags = list(doc.get("tags", ()))
        sectors = [t for t in tags if t in _SECTOR_SLUGS]
        technologies = [t for t in tags if t not in _SECTOR_SLUGS]
        common = {"body": body, "title": doc["title"], "language": doc["language"], "sectors": sectors}
        if doc["kind"] == "challenge":
            challenge = Challenge.objects.create(
                **common,
                technologies=technologies,
                problem=doc["text"],
                constraints=doc.get("details", ""),
                status=Challenge.Status.PUBLISHED,
                published_at=now,
            )
            challenges.append(challenge.pk)
            ids["challenge", challenge.pk] = doc["id"]
        else:
            call = Call.objects.create(
                **common,
                technologies=technologies,
                summary=f"{doc['text']} {doc.get('details', '')}".strip(),
                instrument=Call.Instrument.PILOT,
                budget=Decimal("100000"),
                currency="COP",
                status=Call.Status.PUBLISHED,
                published_at=now,
                questions_deadline=now + datetime.timedelta(days=10),
                submission_deadline=now + datetime.timedelta(days=20),
            )
            calls.append(call.pk)
            ids["call", call.pk] = doc["id"]
    search.call_reindex(calls)
    search.challenge_reindex(challenges)
    return ids


def ranking(query: str, language: str, ids: dict[tuple[str, int], str], limit: int = 10) -> list[str]:
    """The first ``limit`` document ids for ``query`` searched from a page in ``language``."""
    found: list[tuple[float, str]] = []
    for kind, model in (("call", Call), ("challenge", Challenge)):
        qs = search.text_search(model.objects.filter(status="published"), query, viewer_language=language)
        rows = qs.order_by("-rank", "pk").values_list("pk", "rank")[:limit]
        found += [(-(rank or 0.0), ids[kind, pk]) for pk, rank in rows if (kind, pk) in ids]
    return [doc_id for _, doc_id in sorted(found)[:limit]]


def evaluate(queries: list[dict[str, Any]], documents: list[dict[str, Any]]) -> dict[tuple[str, str], list[float]]:
    """(query language, text language) -> recall@10 of each query with relevant documents in that text language."""
    language_of = {doc["id"]: doc["language"] for doc in documents}
    units: dict[tuple[str, str], list[float]] = defaultdict(list)
    try:
        with transaction.atomic():
            ids = _create(documents)
            for q in queries:
                top = set(ranking(q["query"], q["language"], ids))
                by_language: dict[str, set[str]] = defaultdict(set)
                for doc_id in q["relevant"]:
                    if doc_id not in language_of:
                        raise CommandError(f"query {q.get('id')}: unknown document {doc_id}")
                    by_language[language_of[doc_id]].add(doc_id)
                for text_language, relevant in by_language.items():
                    units[q["language"], text_language].append(len(relevant & top) / min(len(relevant), 10))
            raise _Rollback
    except _Rollback:
        pass
    return units


def summary(units: dict[tuple[str, str], list[float]]) -> dict[str, float]:
    def mean(values: list[float]) -> float:
        return sum(values) / len(values) if values else 0.0

    every = [v for values in units.values() for v in values]
    cross = [v for (ql, tl), values in units.items() if ql != tl for v in values]
    same = [v for (ql, tl), values in units.items() if ql == tl for v in values]
    return {"overall": mean(every), "cross": mean(cross), "same": mean(same)}


class Command(BaseCommand):
    help = "Recall@10 of the opportunities' search per query and text language, on a labelled query file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="queries JSON")
        parser.add_argument("--corpus", help="documents JSON (default: corpus.json beside the queries)")

    def handle(self, *args: Any, **options: Any) -> None:
        queries = load(options["file"]).get("queries", [])
        corpus_path = options["corpus"] or str(Path(options["file"]).with_name("corpus.json"))
        documents = load(corpus_path).get("documents", [])
        units = evaluate(queries, documents)
        for ql in LANGUAGES:
            for tl in LANGUAGES:
                values = units.get((ql, tl), [])
                if values:
                    self.stdout.write(
                        f"query={ql} text={tl} units={len(values)} recall@10={sum(values) / len(values):.3f}"
                    )
        s = summary(units)
        self.stdout.write(
            f"overall recall@10={s['overall']:.3f} cross_recall@10={s['cross']:.3f} same_recall@10={s['same']:.3f}"
        )
