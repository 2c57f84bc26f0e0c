from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from procurement.challenges.models import Challenge
from procurement.matching.text import _WORD, STOP_WORDS, _stem, fold

TEXT_WEIGHT = 0.8


CODE_WEIGHT = 0.2


MIN_SCORE = 0.05


@dataclass(frozen=True)
class ChallengeText:
    """What the ranking needs to know of a challenge."""

    id: int
    title: str
    text: str
    language: str = "es"
    sectors: tuple[str, ...] = ()
    cpv_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Similar:
    """One similar challenge, its score in [0, 1] and why."""

    id: int
    score: float
    shared_terms: list[str] = field(default_factory=list)
    shared_sectors: list[str] = field(default_factory=list)
    shared_cpv: list[str] = field(default_factory=list)


def _terms(text: str, language: str) -> tuple[list[str], dict[str, str]]:
    """Stems of ``text`` and, for each stem, the first word it came from (to show people words, not stems)."""
    stems: list[str] = []
    surface: dict[str, str] = {}
    for word in _WORD.findall(fold(text)):
        if len(word) <= 1 or word in STOP_WORDS or word.isdigit():
            continue
        stem = _stem(word, language)
        stems.append(stem)
        surface.setdefault(stem, word)
    return stems, surface


def _vector(counts: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    vec = {t: (1 + math.log(c)) * idf.get(t, 0.0) for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {t: v / norm for t, v in vec.items()} if norm else {}


def _significant(code: str) -> str:
    digits = code.split("-", maxsplit=1)[0].strip()
    return digits[: max(2, len(digits.rstrip("0")))]


def _cpv_related(a: str, b: str) -> bool:
    """Same branch of the CPV tree (one under the other) or the same group (first three digits)."""
    pa, pb = _significant(a), _significant(b)
    return pa.startswith(pb) or pb.startswith(pa) or (len(pa) >= 3 and len(pb) >= 3 and pa[:3] == pb[:3])


def _shared_cpv(a: Sequence[str], b: Sequence[str]) -> list[str]:
    """Codes of ``a`` related to a code of ``b``."""
    return sorted(code for code in a if any(_cpv_related(code, other) for other in b))


def rank_similar(target: ChallengeText, corpus: Sequence[ChallengeText], limit: int = 5) -> list[Similar]:
    """The ``limit`` challenges of ``corpus`` most like ``target``; IDF is computed over corpus + target."""
    docs = [_terms(f"{c.title} {c.title} {c.text}", c.language) for c in corpus]  # the title counts twice
    target_terms, target_surface = _terms(f"{target.title} {target.title} {target.text}", target.language)
    n = len(docs) + 1
    df: Counter[str] = Counter()
    for stems, _surface in [*docs, (target_terms, {})]:
        df.update(set(stems))
    idf = {t: math.log((n + 1) / (d + 1)) + 1 for t, d in df.items()}
    query = _vector(Counter(target_terms), idf)
    results: list[Similar] = []
    for challenge, (stems, _surface) in zip(corpus, docs, strict=True):
        if challenge.id == target.id:
            continue
        vec = _vector(Counter(stems), idf)
        contributions = {t: w * vec[t] for t, w in query.items() if t in vec}
        cosine = sum(contributions.values())
        sectors = sorted(set(target.sectors) & set(challenge.sectors))
        cpv = _shared_cpv(challenge.cpv_codes, target.cpv_codes)
        wanted = len(set(target.sectors)) + len(set(target.cpv_codes))
        code_score = (len(sectors) + min(len(cpv), len(set(target.cpv_codes)))) / wanted if wanted else 0.0
        score = TEXT_WEIGHT * cosine + CODE_WEIGHT * min(code_score, 1.0)
        if score < MIN_SCORE:
            continue
        top = sorted(contributions, key=lambda t: (-contributions[t], t))[:6]
        results.append(
            Similar(
                id=challenge.id,
                score=round(score, 3),
                shared_sectors=sectors,
                shared_cpv=cpv,
                shared_terms=[target_surface.get(t, t) for t in top],
            )
        )
    results.sort(key=lambda s: (-s.score, s.id))
    return results[:limit]


def as_text(challenge: Challenge) -> ChallengeText:
    return ChallengeText(
        id=challenge.pk or 0,
        title=challenge.title,
        text=" ".join([challenge.problem, challenge.expected_outcomes]),
        language=challenge.language or "es",
        sectors=tuple(challenge.sectors or ()),
        cpv_codes=tuple(challenge.cpv_codes or ()),
    )


def similar_challenges(challenge: Challenge, limit: int = 5) -> list[tuple[Challenge, Similar]]:
    """Published challenges of OTHER bodies that look like ``challenge`` (drafts are never shown)."""
    corpus = list(
        Challenge.objects.published().exclude(body_id=challenge.body_id).select_related("body").order_by("pk")
    )
    by_id: dict[int, Any] = {c.pk: c for c in corpus}
    ranked = rank_similar(as_text(challenge), [as_text(c) for c in corpus], limit=limit)
    return [(by_id[s.id], s) for s in ranked]
