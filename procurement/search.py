"""Full-text search of calls and challenges in Spanish, Portuguese and English.

Each call and challenge stores one ``search_vector``, built in its own language's text
search configuration and weighted: title A, summary/problem B, the rest C. Accents are
folded in Python (``govtech.core.text.fold``) before indexing and before querying, because
the embedded PostgreSQL has no ``unaccent``. A query is run twice, in the viewer's
language configuration and in each row's own configuration, and ranked with ``ts_rank``.

The services that write calls and challenges call ``call_reindex`` / ``challenge_reindex``;
``manage.py reindex_procurement`` rebuilds everything.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar, cast

from django.db.models import F, Model, Q, QuerySet
from django.utils.translation import get_language

from govtech.core.text import Matches, Rank, RankTerm, Tsquery, fold, text_query, weighted_vector
from procurement import fragments
from procurement.calls.models import Call
from procurement.challenges.models import Challenge
from startups import vocabulary

# Language of a call/challenge (or of the viewer) -> PostgreSQL text search configuration.
CONFIGS = {"es": "spanish", "pt": "portuguese", "en": "english"}
DEFAULT_CONFIG = "spanish"
# A text found only through another language's (or a synonym's) words ranks below one with the query's own words.
EXPANDED_WEIGHT = 0.5

M = TypeVar("M", bound=Model)


def config_for(language: str | None) -> str:
    """The configuration of a language code (``pt-br`` -> portuguese); Spanish when unknown."""
    return CONFIGS.get((language or "").lower()[:2], DEFAULT_CONFIG)


def _words(values: Iterable[str]) -> str:
    return " ".join(str(v).replace("-", " ") for v in values if v)


def call_parts(call: Call) -> dict[str, str]:
    phases = [str(p.get("name", "")) for p in call.phases or [] if isinstance(p, dict)]
    criteria = [str(c.get("name", "")) for c in call.criteria or [] if isinstance(c, dict)]
    rest = [call.instrument_other, _words(call.sectors), _words(call.technologies), _words(phases), _words(criteria)]
    return {"A": call.title, "B": call.summary, "C": " ".join(r for r in rest if r)}


def challenge_parts(challenge: Challenge) -> dict[str, str]:
    rest = [
        challenge.affected,
        challenge.current_situation,
        challenge.expected_outcomes,
        challenge.constraints,
        _words(challenge.sectors),
        _words(challenge.technologies),
    ]
    return {"A": challenge.title, "B": challenge.problem, "C": " ".join(r for r in rest if r)}


def call_reindex(call_ids: Iterable[int]) -> int:
    """Rebuild the stored vectors of these calls (one UPDATE each). Returns how many were written."""
    done = 0
    for call in Call.objects.filter(pk__in=list(call_ids)):
        vector = weighted_vector(call_parts(call), config_for(call.language))
        done += Call.objects.filter(pk=call.pk).update(search_vector=vector)
    fragments.bump()  # search results follow the vectors; update() sends no signal
    return done


def challenge_reindex(challenge_ids: Iterable[int]) -> int:
    done = 0
    for challenge in Challenge.objects.filter(pk__in=list(challenge_ids)):
        vector = weighted_vector(challenge_parts(challenge), config_for(challenge.language))
        done += Challenge.objects.filter(pk=challenge.pk).update(search_vector=vector)
    fragments.bump()
    return done


def reindex_all() -> tuple[int, int]:
    """Every call and challenge (``manage.py reindex_procurement``)."""
    calls = call_reindex(Call.objects.values_list("pk", flat=True))
    challenges = challenge_reindex(Challenge.objects.values_list("pk", flat=True))
    return calls, challenges


def text_search(qs: QuerySet[M], query: str, *, viewer_language: str | None = None) -> QuerySet[M]:
    """Rows of ``qs`` (calls or challenges) matching ``query``, annotated with ``rank``.

    Matches in the viewer's configuration or in the row's own one (a Spanish call found
    by "movilidades" from an English page), and, through the shared vocabulary
    (``startups.vocabulary``), the query's phrases named in each row's language: an English
    cybersecurity call found by "ciberseguridad". The rank adds the direct matches' and, at
    ``EXPANDED_WEIGHT``, the expanded one's.
    """
    folded = fold(query).strip()
    if not folded:
        return qs
    viewer = config_for(viewer_language or get_language())
    viewer_query = text_query(query, viewer)
    vector = F("search_vector")
    match = Q(Matches(vector, viewer_query))
    # Every tsquery of the match, OR-ed into ONE: ``search_vector @@ (q1 || q2 || ...)`` is what the GIN index
    # (``call_search_gin``) answers in a single bitmap scan; the per-language ``match`` then only rechecks its rows.
    anywhere = viewer_query
    terms = [RankTerm("search_vector", viewer_query)]
    for language, config in CONFIGS.items():
        if config == viewer:
            continue
        own = text_query(query, config)
        match |= Q(Q(language=language), Matches(vector, own))
        anywhere = anywhere | own
        terms.append(RankTerm("search_vector", own, language=language))  # only for rows in that language
    expansion = vocabulary.expand(query.strip())
    for language, config in CONFIGS.items():
        prepared = expansion.tsquery(language)
        if prepared is None:
            continue
        expanded = Tsquery.parse(prepared[0], config, "raw")
        match |= Q(Q(language=language), Matches(vector, expanded))
        anywhere = anywhere | expanded
        terms.append(
            RankTerm("search_vector", Tsquery.parse(prepared[1], config, "raw"), EXPANDED_WEIGHT, language=language)
        )
    ranked = qs.filter(Q(Matches(vector, anywhere)) & match).annotate(rank=Rank(terms, coalesce=True))
    return cast("QuerySet[M]", ranked)  # annotate() loses the model type in django-stubs


def card_words(row: Call | Challenge) -> str:
    """The row's language, then the distinct folded words of what it can have matched: kept with its result card
    (``fragments.cached_rows``) so a search's note does not read and fold the row again (the note asks which words
    a text holds, never in what order)."""
    parts = call_parts(row) if isinstance(row, Call) else challenge_parts(row)
    return " ".join([(row.language or "es")[:2], *sorted(set(vocabulary.words(" ".join(parts.values()))))])


def matched_in(words: str, query: str) -> list[tuple[str, str]]:
    """What a result whose ``card_words`` are ``words`` matched in another language or through a synonym:
    ``[("cybersecurity", "ciberseguridad")]``; empty when the row has the query's own words (or there is no query)."""
    if not fold(query).strip():
        return []
    language, *text_words = words.split() or ["es"]
    return vocabulary.expand(query.strip()).explain_words(text_words, language)


def matched_through(row: Call | Challenge, query: str) -> list[tuple[str, str]]:
    """``matched_in`` for a row read from the database."""
    if not fold(query).strip() or not vocabulary.expand(query.strip()).translated:  # the row is not read
        return []
    return matched_in(card_words(row), query)
