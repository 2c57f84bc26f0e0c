"""Scoring: pure, explainable, testable without a database (STYLE.md §8).

A supplier's score mixes: text relevance of its whole profile (BM25), of its closest
single piece of past work, code overlap with partial credit up the hierarchy, sectors
and technologies shared, and past work for the same buyer. Eligibility is a hard filter.
No signal rewards size or the number of past awards on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from .documents import MatchQuery, SupplierDocument
from .index import Bm25Index, code_prefixes
from .text import fold, tokens

ALGORITHM_VERSION = "1"


@dataclass(frozen=True)
class Weights:
    """All weights in one place; override with the MATCHING_WEIGHTS setting."""

    profile_text: float = 0.45
    reference_text: float = 0.35
    codes: float = 0.25
    sectors: float = 0.1
    technologies: float = 0.1
    same_buyer: float = 0.15

    @classmethod
    def from_settings(cls) -> Weights:
        return cls(**getattr(settings, "MATCHING_WEIGHTS", {}))


@dataclass(frozen=True)
class Reason:
    """A translatable reason: a code plus parameters, rendered with gettext by the viewer."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ScoredSupplier:
    supplier_id: str
    score: float
    reasons: tuple[Reason, ...]


def _code_credit(query_codes: tuple[str, ...], supplier_prefixes: set[str]) -> tuple[float, list[str]]:
    """Mean over query codes of the deepest shared level (1.0 for the same code)."""
    if not query_codes:
        return 0.0, []
    total, shared = 0.0, []
    for code in query_codes:
        levels = code_prefixes(code)
        for depth, prefix in enumerate(reversed(levels)):
            if prefix in supplier_prefixes:
                total += 1.0 / (1 + depth) ** 1.5
                if depth == 0:
                    shared.append(code)
                break
    return total / len(query_codes), shared


class MatchIndex:
    """All suppliers in memory, ready to be ranked for any query."""

    def __init__(self, suppliers: list[SupplierDocument], weights: Weights | None = None) -> None:
        self.suppliers = suppliers
        self.weights = weights or Weights()
        self.profiles = Bm25Index([tokens(self._profile_text(s), s.language) for s in suppliers], range(len(suppliers)))
        ref_docs, ref_owners = [], []
        for i, s in enumerate(suppliers):
            for ref in s.references:
                ref_docs.append(tokens(ref.text, s.language))
                ref_owners.append(i)
        self.references = Bm25Index(ref_docs, ref_owners)
        self.prefixes = [{p for c in s.codes for p in code_prefixes(c)} for s in suppliers]
        self.buyers = [
            {fold(b).strip() for b in s.buyer_names if b} | {r.buyer_id for r in s.references if r.buyer_id}
            for s in suppliers
        ]

    @staticmethod
    def _profile_text(s: SupplierDocument) -> str:
        return " ".join([s.name, s.profile_text, *s.solution_texts, *(r.text for r in s.references)])

    def eligible(self, s: SupplierDocument, q: MatchQuery) -> bool:
        """Hard filters: country, verification, readiness."""
        if q.country and s.country and s.country != q.country:
            return False
        if q.require_verified and not s.verified:
            return False
        return not (q.min_trl and s.trls and max(s.trls) < q.min_trl)

    def rank(self, q: MatchQuery, limit: int = 10) -> list[ScoredSupplier]:
        """The `limit` best eligible suppliers, each with its reasons."""
        w = self.weights
        qtok = tokens(f"{q.title} {q.title} {q.description}", q.language)
        prof = self.profiles.score(qtok)
        refs = self.references.score(qtok, reduce_max=True)
        pmax = max(prof.values(), default=0) or 1.0
        rmax = max(refs.values(), default=0) or 1.0
        candidates = set(prof) | set(refs)
        if q.codes:
            qp = {p for c in q.codes for p in code_prefixes(c)}
            candidates |= {i for i, ps in enumerate(self.prefixes) if ps & qp}
        buyer = fold(q.buyer_name or q.buyer_id).strip()
        scored: list[tuple[float, int, float, list[str]]] = []
        for i in candidates:
            s = self.suppliers[i]
            if not self.eligible(s, q):
                continue
            code_score, shared = _code_credit(q.codes, self.prefixes[i])
            score = w.profile_text * prof.get(i, 0) / pmax + w.reference_text * refs.get(i, 0) / rmax
            score += w.codes * code_score
            if q.sectors:
                score += w.sectors * len(set(q.sectors) & set(s.sectors)) / len(q.sectors)
            if q.technologies:
                score += w.technologies * len(set(q.technologies) & set(s.technologies)) / len(q.technologies)
            same_buyer = bool(buyer) and buyer in self.buyers[i]
            if same_buyer:
                score += w.same_buyer
            scored.append((score, i, code_score, shared if not same_buyer else [*shared, "__buyer__"]))
        scored.sort(key=lambda t: -t[0])
        return [self._explain(q, qtok, i, score, shared) for score, i, _, shared in scored[:limit]]

    def _explain(self, q: MatchQuery, qtok: list[str], i: int, score: float, shared: list[str]) -> ScoredSupplier:
        reasons = [Reason("code_shared", {"code": c}) for c in shared if c != "__buyer__"][:3]
        s = self.suppliers[i]
        profile_terms = set(tokens(self._profile_text(s), s.language))
        terms = [t for t in dict.fromkeys(qtok) if t in profile_terms][:5]
        if terms:
            reasons.append(Reason("terms_matched", {"terms": terms}))
        if "__buyer__" in shared:
            reasons.append(Reason("same_buyer", {"buyer": q.buyer_name or q.buyer_id}))
        reasons.append(Reason("eligible", {}))
        return ScoredSupplier(s.id, round(score, 4), tuple(reasons))


def baseline_rank(index: Bm25Index, q: MatchQuery, limit: int = 10) -> list[int]:
    """Plain BM25 over words and code prefixes, for evaluation only."""
    qtok = tokens(f"{q.title} {q.description}", q.language) + [f"cpv{p}" for c in q.codes for p in code_prefixes(c)]
    scores = index.score(qtok)
    return [i for i, _ in sorted(scores.items(), key=lambda t: -t[1])[:limit]]
