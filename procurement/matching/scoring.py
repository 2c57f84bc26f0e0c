"""Scoring: pure, explainable, testable without a database (STYLE.md §8).

A supplier's score is a weighted sum of channels, each normalised per query to 0..1:

- profile text: BM25 between the challenge and the supplier's whole text (name, profile,
  solutions, references), with the query's repeated words counted sub-linearly;
- profile text, short-document normalisation: the same with a weaker length penalty, so a
  short profile that says exactly the right thing is not drowned by long ones;
- phrases: BM25 over pairs of adjacent words (bigrams), rewarding the same wording;
- name: the challenge's words in the supplier's name (a call naming the organisation it works with);
- closest reference: the best BM25 score of a single piece of past work;
- codes: shared CPV/UNSPSC codes with partial credit up the hierarchy;
- sectors and technologies shared;
- same buyer: past work for the same public body, worth more for a body with few suppliers.

Eligibility (country, verification, readiness) is a hard filter. No signal rewards the size
of a supplier or its number of past awards on its own. All weights live in `Weights`.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
import scipy.sparse as sp
from django.conf import settings

from procurement.matching.corpus import MatchQuery, SupplierDocument
from procurement.matching.index import SparseBm25, code_prefixes, term_counts
from procurement.matching.text import BASELINE_STOP_WORDS, fold, tokens

ALGORITHM_VERSION = "4"  # 3: function-word lists, copied titles counted once, query-side idf; 4: Portuguese stems


@dataclass(frozen=True)
class Weights:
    """All weights and parameters in one place; override any of them with the MATCHING_WEIGHTS setting."""

    profile_text: float = 1.0
    profile_text_short: float = 0.8
    phrases: float = 0.5
    name: float = 0.3
    # measured: adds nothing over the whole-profile channels on the dev set, so off (and not indexed)
    reference_text: float = 0.0
    codes: float = 0.2
    sectors: float = 0.1
    technologies: float = 0.1
    same_buyer: float = 0.8
    # credit for a shared code by depth: same code, same class (6 digits), family (4), segment (2)
    code_levels: tuple[float, float, float, float] = (1.0, 0.5, 0.2, 0.05)
    bm25_k1: float = 1.2
    bm25_b: float = 0.75
    bm25_b_short: float = 0.3
    name_b: float = 0.3
    title_repeat: int = 2
    # the challenge's own words weighted by their rarity too (idf to this power), as the supplier's
    # are: a rare shared word counts idf^2, as in the classic tf-idf product; 0 turns it off
    query_idf: float = 1.0

    @classmethod
    def from_settings(cls) -> Weights:
        overrides = dict(getattr(settings, "MATCHING_WEIGHTS", {}))
        known = {f.name for f in fields(cls)}
        unknown = set(overrides) - known
        if unknown:
            raise ValueError(f"Unknown MATCHING_WEIGHTS keys: {sorted(unknown)}")
        if "code_levels" in overrides:
            overrides["code_levels"] = tuple(overrides["code_levels"])
        return cls(**overrides)


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


def _norm(x: np.ndarray) -> np.ndarray:
    """Scale a channel to 0..1 for this query (a channel with no hit stays at zero)."""
    top = float(x.max()) if x.size else 0.0
    return x / top if top > 0 else x


def _sqrt_tf(terms: list[str]) -> dict[str, float]:
    return {t: math.sqrt(c) for t, c in Counter(terms).items()}


def _binary_rows(items: list[set[str]]) -> tuple[dict[str, int], sp.csr_matrix]:
    """A (key x supplier) 0/1 matrix from each supplier's set of keys."""
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for j, keys in enumerate(items):
        for k in keys:
            rows.append(vocab.setdefault(k, len(vocab)))
            cols.append(j)
    data = np.ones(len(rows), dtype=np.float32)
    matrix = sp.csr_matrix((data, (rows, cols)), shape=(len(vocab), len(items)), dtype=np.float32)
    return vocab, matrix


def normalise_buyer(name: str) -> str:
    return " ".join(fold(name).split())


def title_copies_description(title: str, description: str) -> bool:
    """True when the title is just the first words of the description (possibly cut with "…" or "...")."""
    head = " ".join(fold(title).rstrip(" .…").split())
    return bool(head) and " ".join(fold(description).split()).startswith(head)


class MatchIndex:
    """All suppliers in memory, as sparse matrices, ready to be ranked for any query."""

    def __init__(self, suppliers: list[SupplierDocument], weights: Weights | None = None) -> None:
        self.suppliers = suppliers
        self.weights = w = weights or Weights()
        n = len(suppliers)
        # tokenise each profile once into integer term ids (no per-document lists kept: memory)
        self.vocab: dict[str, int] = {}
        ids, lengths = array("q"), array("q")
        for s in suppliers:
            terms = tokens(self._profile_text(s), s.language)
            ids.extend([self.vocab.setdefault(t, len(self.vocab)) for t in terms])
            lengths.append(len(terms))
        term_ids = np.frombuffer(ids, dtype=np.int64).astype(np.int32)
        del ids
        doc_lengths = np.frombuffer(lengths, dtype=np.int64)
        # one count matrix, two BM25 weightings sharing its postings
        counts, term_keys = term_counts(term_ids, doc_lengths)
        self.profiles = SparseBm25.from_counts(counts, term_keys, doc_lengths, k1=w.bm25_k1, b=w.bm25_b)
        self.profiles_short = (
            SparseBm25.from_counts(counts, term_keys, doc_lengths, k1=w.bm25_k1, b=w.bm25_b_short)
            if w.profile_text_short
            else None
        )
        del counts
        self.phrases = None
        if w.phrases:
            pair_keys, bigram_lengths = self._bigram_keys(term_ids, doc_lengths)
            pair_counts, distinct_pairs = term_counts(pair_keys, bigram_lengths)
            del pair_keys
            self.phrases = SparseBm25.from_counts(pair_counts, distinct_pairs, bigram_lengths, k1=w.bm25_k1, b=w.bm25_b)
            del pair_counts
        del lengths, term_ids
        self.names = SparseBm25([tokens(s.name, s.language) for s in suppliers], k1=w.bm25_k1, b=w.name_b)
        self.references: SparseBm25 | None = None
        if w.reference_text:
            ref_docs, ref_owners = [], []
            for i, s in enumerate(suppliers):
                for ref in s.references:
                    ref_docs.append(tokens(ref.text, s.language))
                    ref_owners.append(i)
            self.references = SparseBm25(ref_docs, ref_owners, n_owners=n, k1=w.bm25_k1, b=w.bm25_b)
        self.code_vocab, self.code_matrix = _binary_rows(
            [{p for c in s.codes for p in code_prefixes(c)} for s in suppliers]
        )
        buyer_sets = [
            {normalise_buyer(b) for b in s.buyer_names if b} | {r.buyer_id for r in s.references if r.buyer_id}
            for s in suppliers
        ]
        self.buyer_vocab, self.buyer_matrix = _binary_rows(buyer_sets)
        df = np.diff(self.buyer_matrix.indptr)
        # a buyer shared with few suppliers says more than one everybody has worked for
        self.buyer_idf = np.log(max(n, 2) / np.maximum(df, 1)) / math.log(max(n, 2))
        self.countries = np.array([s.country for s in suppliers], dtype=object)
        self.verified = np.fromiter((s.verified for s in suppliers), dtype=bool, count=n)
        self.max_trl = np.fromiter((max(s.trls) if s.trls else -1 for s in suppliers), dtype=np.int16, count=n)
        self.sector_sets = [set(s.sectors) for s in suppliers]
        self.technology_sets = [set(s.technologies) for s in suppliers]

    def _bigram_keys(self, term_ids: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Adjacent pairs of term ids inside each document, as one int64 key per pair."""
        width = max(len(self.vocab), 1)
        keys = term_ids[:-1].astype(np.int64) * width + term_ids[1:]
        ends = np.cumsum(lengths)
        valid = np.ones(len(keys), dtype=bool)
        crossing = ends[:-1][ends[:-1] > 0] - 1  # the pair made of a document's last and the next one's first term
        valid[crossing[crossing < len(keys)]] = False
        return keys[valid], np.maximum(lengths - 1, 0)

    def _term_ids(self, terms: list[str]) -> np.ndarray:
        return np.fromiter((self.vocab.get(t, -1) for t in terms), dtype=np.int64, count=len(terms))

    def _text_scores(self, index: SparseBm25, terms: Mapping[str, float] | list[str]) -> np.ndarray:
        weights = terms if isinstance(terms, Mapping) else dict.fromkeys(terms, 1.0)
        known = [(self.vocab[t], wt) for t, wt in weights.items() if t in self.vocab]
        keys = np.fromiter((k for k, _ in known), dtype=np.int64, count=len(known))
        values = np.fromiter((wt for _, wt in known), dtype=np.float32, count=len(known))
        return index.reduce(index.entry_scores_for(*self._rarity_weighted(index, *index.lookup_keys(keys, values))))

    def _rarity_weighted(
        self, index: SparseBm25, rows: np.ndarray, values: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Query weights times the term's idf to the `query_idf` power (rare words count more)."""
        if self.weights.query_idf and len(rows):
            values = values * np.power(index.idf[rows], np.float32(self.weights.query_idf))
        return rows, values

    def _phrase_scores(self, title: list[str], body: list[str]) -> np.ndarray:
        assert self.phrases is not None
        width = max(len(self.vocab), 1)
        counts: Counter[int] = Counter()
        for part in (title, body):
            ids = self._term_ids(part)
            if len(ids) > 1:
                pairs = ids[:-1] * width + ids[1:]
                counts.update(int(k) for k in pairs[(ids[:-1] >= 0) & (ids[1:] >= 0)])
        keys = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        values = np.sqrt(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))
        return self.phrases.entry_scores_for(
            *self._rarity_weighted(self.phrases, *self.phrases.lookup_keys(keys, values))
        )

    @staticmethod
    def _profile_text(s: SupplierDocument) -> str:
        return " ".join([s.name, s.profile_text, *s.solution_texts, *(r.text for r in s.references)])

    # -- eligibility ---------------------------------------------------------------------------
    def eligible(self, s: SupplierDocument, q: MatchQuery) -> bool:
        """Hard filters for one supplier: country, verification, readiness."""
        if q.country and s.country and s.country != q.country:
            return False
        if q.require_verified and not s.verified:
            return False
        return not (q.min_trl and s.trls and max(s.trls) < q.min_trl)

    def eligible_mask(self, q: MatchQuery) -> np.ndarray:
        """The same hard filters for every supplier at once."""
        mask = np.ones(len(self.suppliers), dtype=bool)
        if q.country:
            mask &= (self.countries == q.country) | (self.countries == "")
        if q.require_verified:
            mask &= self.verified
        if q.min_trl:
            mask &= (self.max_trl < 0) | (self.max_trl >= q.min_trl)
        return mask

    # -- channels ------------------------------------------------------------------------------
    def code_credit(self, query_codes: tuple[str, ...]) -> np.ndarray:
        """Mean over query codes of the best shared level (same code, class, family, segment)."""
        n = len(self.suppliers)
        total = np.zeros(n, dtype=np.float32)
        if not query_codes:
            return total
        for code in query_codes:
            best = np.zeros(n, dtype=np.float32)
            levels = code_prefixes(code)
            digits = code.split("-")[0].strip()
            candidates = [(levels[-1] if levels else digits, self.weights.code_levels[0])]
            candidates += [(digits[:k], c) for k, c in zip((6, 4, 2), self.weights.code_levels[1:], strict=True)]
            for prefix, credit in candidates:
                row = self.code_vocab.get(prefix)
                if row is None or credit <= 0:
                    continue
                cols = self.code_matrix.indices[self.code_matrix.indptr[row] : self.code_matrix.indptr[row + 1]]
                best[cols] = np.maximum(best[cols], credit)
            total += best
        return total / len(query_codes)

    def buyer_credit(self, q: MatchQuery) -> np.ndarray:
        """Past work for the query's buyer (or one of its parts, "Ministry / Agency"), weighted by rarity."""
        credit = np.zeros(len(self.suppliers), dtype=np.float32)
        names = {normalise_buyer(p) for p in (q.buyer_name or "").split("/") if p.strip()}
        if q.buyer_id:
            names.add(q.buyer_id)
        for name in names:
            row = self.buyer_vocab.get(name)
            if row is None:
                continue
            cols = self.buyer_matrix.indices[self.buyer_matrix.indptr[row] : self.buyer_matrix.indptr[row + 1]]
            credit[cols] = np.maximum(credit[cols], self.buyer_idf[row])
        return credit

    def query_terms(self, q: MatchQuery) -> tuple[list[str], list[str]]:
        """The title's and the description's terms; a title that only repeats the opening of the
        description (a truncated copy, as procurement systems often publish) counts once, not as a title."""
        body = tokens(q.description, q.language)
        if title_copies_description(q.title, q.description):
            return [], body
        return tokens(q.title, q.language), body

    def scores(self, q: MatchQuery) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """The total score of every supplier and each weighted channel (ineligible suppliers at -inf)."""
        w = self.weights
        title, body = self.query_terms(q)
        repeated = title * max(w.title_repeat, 1) + body
        channels: dict[str, np.ndarray] = {}
        channels["profile_text"] = w.profile_text * _norm(self._text_scores(self.profiles, _sqrt_tf(repeated)))
        if self.profiles_short is not None:
            channels["profile_text_short"] = w.profile_text_short * _norm(
                self._text_scores(self.profiles_short, title + body)
            )
        if self.phrases is not None:
            channels["phrases"] = w.phrases * _norm(self._phrase_scores(title, body))
        if w.name:
            channels["name"] = w.name * _norm(self.names.score(title + body))
        if self.references is not None:
            channels["reference_text"] = w.reference_text * _norm(self.references.score(repeated, reduce_max=True))
        if w.codes and q.codes:
            channels["codes"] = w.codes * self.code_credit(q.codes)
        if w.same_buyer and (q.buyer_name or q.buyer_id):
            channels["same_buyer"] = w.same_buyer * self.buyer_credit(q)
        if q.sectors and w.sectors:
            wanted = set(q.sectors)
            channels["sectors"] = w.sectors * np.fromiter(
                (len(wanted & s) / len(wanted) for s in self.sector_sets), dtype=np.float32, count=len(self.suppliers)
            )
        if q.technologies and w.technologies:
            wanted = set(q.technologies)
            channels["technologies"] = w.technologies * np.fromiter(
                (len(wanted & s) / len(wanted) for s in self.technology_sets),
                dtype=np.float32,
                count=len(self.suppliers),
            )
        total = np.zeros(len(self.suppliers), dtype=np.float32)
        for values in channels.values():
            total += values
        total[~self.eligible_mask(q)] = -np.inf
        return total, channels

    def top(
        self, q: MatchQuery, limit: int = 10, mask: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
        """Positions of the `limit` best eligible suppliers with a positive score, best first.

        `mask` (one bool per supplier) adds the caller's own hard filters, e.g. a call's eligibility rules."""
        total, channels = self.scores(q)
        if mask is not None:
            total[~mask] = -np.inf
        positive = np.flatnonzero(total > 0)
        if positive.size > limit:
            part = np.argpartition(-total[positive], limit - 1)[:limit]
            positive = positive[part]
        # best first; ties broken by position in the index, so the order is stable
        order = positive[np.lexsort((positive, -total[positive]))]
        return order, total, channels

    def rank_ids(self, q: MatchQuery, limit: int = 10) -> list[str]:
        """Only the ids of the best suppliers (no reasons): for evaluation and benchmarks."""
        order, _, _ = self.top(q, limit)
        return [self.suppliers[int(i)].id for i in order]

    def rank(self, q: MatchQuery, limit: int = 10, mask: np.ndarray | None = None) -> list[ScoredSupplier]:
        """The `limit` best eligible suppliers with a positive score, each with its reasons."""
        order, total, channels = self.top(q, limit, mask)
        return [self._explain(q, int(i), float(total[i]), channels) for i in order]

    def _explain(self, q: MatchQuery, i: int, score: float, channels: dict[str, np.ndarray]) -> ScoredSupplier:
        s = self.suppliers[i]
        reasons: list[Reason] = []
        if q.codes and "codes" in channels and channels["codes"][i] > 0:
            own = {p for c in s.codes for p in code_prefixes(c)}
            shared = [c for c in q.codes if code_prefixes(c) and code_prefixes(c)[-1] in own]
            related = [c for c in q.codes if c not in shared and c.split("-")[0][:4] in own]
            reasons += [Reason("code_shared", {"code": c}) for c in shared[:3]]
            reasons += [Reason("code_related", {"code": c}) for c in related[: max(0, 3 - len(shared))]]
        title, body = self.query_terms(q)
        own_terms = set(tokens(self._profile_text(s), s.language))
        matched = [t for t in dict.fromkeys(title + body) if t in own_terms and t in self.vocab]
        rows, _ = self.profiles.lookup_keys(self._term_ids(matched), np.ones(len(matched), dtype=np.float32))
        idf = dict(zip(matched, self.profiles.idf[rows].tolist(), strict=True)) if len(rows) == len(matched) else {}
        terms = sorted(matched, key=lambda t: -idf.get(t, 0.0))[:5]
        if terms:
            reasons.append(Reason("terms_matched", {"terms": terms}))
        if "reference_text" in channels and channels["reference_text"][i] > 0 and s.references:
            best = max(
                range(len(s.references)),
                key=lambda k: len(set(tokens(s.references[k].text, s.language)) & set(title + body)),
            )
            reasons.append(Reason("similar_reference", {"text": s.references[best].text[:160]}))
        if "same_buyer" in channels and channels["same_buyer"][i] > 0:
            reasons.append(Reason("same_buyer", {"buyer": q.buyer_name or q.buyer_id}))
        reasons.append(Reason("eligible", {}))
        return ScoredSupplier(s.id, round(score, 4), tuple(reasons))


def baseline_documents(suppliers: list[SupplierDocument], texts: list[str]) -> list[list[str]]:
    """The plain baseline's documents: words of the given texts plus code prefixes as tokens."""
    return [
        tokens(f"{d.name} {text}", d.language, BASELINE_STOP_WORDS)
        + [f"cpv{p}" for c in d.codes for p in code_prefixes(c)]
        for d, text in zip(suppliers, texts, strict=True)
    ]


def baseline_rank(index: SparseBm25, q: MatchQuery, limit: int = 10) -> list[int]:
    """Plain BM25 over words and code prefixes, for evaluation only."""
    qtok = tokens(f"{q.title} {q.description}", q.language, BASELINE_STOP_WORDS) + [
        f"cpv{p}" for c in q.codes for p in code_prefixes(c)
    ]
    scores = index.score(qtok)
    hits = np.flatnonzero(scores > 0)
    order = hits[np.lexsort((hits, -scores[hits]))]
    return [int(i) for i in order[:limit]]
