"""BM25 indexes over supplier documents.

`SparseBm25` is the production index: a CSR term-by-entry matrix holding precomputed BM25
weights, so scoring a query is one sparse product over the query terms' postings.
`Bm25Index` is the plain reference implementation (dictionaries), kept to check the
vectorised one against in tests.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import scipy.sparse as sp


class Bm25Index:
    """A BM25 inverted index over token lists; each entry belongs to an owner (a supplier)."""

    def __init__(self, docs: Sequence[list[str]], owners: Sequence[int], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.owners = list(owners)
        self.lengths = [len(d) for d in docs]
        n = max(len(docs), 1)
        self.avg = (sum(self.lengths) / n) or 1.0
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                postings[term].append((i, tf))
        self.postings = dict(postings)
        self.idf = {t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self.postings.items()}

    def score(self, query: Iterable[str], reduce_max: bool = False) -> dict[int, float]:
        """Scores per owner: summed over entries, or the best single entry when `reduce_max`."""
        per_doc: dict[int, float] = defaultdict(float)
        for term in set(query):
            plist = self.postings.get(term)
            if not plist:
                continue
            idf = self.idf[term]
            for i, tf in plist:
                norm = self.k1 * (1 - self.b + self.b * self.lengths[i] / self.avg)
                per_doc[i] += idf * tf * (self.k1 + 1) / (tf + norm)
        result: dict[int, float] = defaultdict(float)
        for i, s in per_doc.items():
            owner = self.owners[i]
            result[owner] = max(result[owner], s) if reduce_max else result[owner] + s
        return result


class SparseBm25:
    """BM25 as a sparse matrix: rows are terms, columns are entries, cells the BM25 weight.

    Entries belong to owners (suppliers, numbered 0..n_owners-1); `owners` must be sorted
    (all entries of an owner contiguous), which is how the indexes here are built.
    Terms are strings (`vocab`) or, for `from_counts`, integer keys looked up in a sorted array.
    """

    def __init__(
        self,
        docs: Sequence[list[str]],
        owners: Sequence[int] | None = None,
        n_owners: int | None = None,
        k1: float = 1.2,
        b: float = 0.75,
    ) -> None:
        vocab: dict[str, int] = {}
        lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
        cols = np.fromiter(
            (vocab.setdefault(t, len(vocab)) for d in docs for t in d), dtype=np.int32, count=int(lengths.sum())
        )
        counts, _ = term_counts(cols, lengths)
        del cols
        self._build(counts, lengths, owners, n_owners, k1, b)
        self.vocab: dict[str, int] = vocab
        self.keys: np.ndarray | None = None

    @classmethod
    def from_counts(
        cls,
        counts: sp.csr_matrix,
        keys: np.ndarray,
        lengths: np.ndarray,
        owners: Sequence[int] | None = None,
        n_owners: int | None = None,
        k1: float = 1.2,
        b: float = 0.75,
    ) -> SparseBm25:
        """Build from a (key x document) count matrix made by `term_counts`; `counts` is not modified, and the
        new index shares its `indices` and `indptr` (two weightings of one corpus cost one copy of the postings)."""
        self = cls.__new__(cls)
        self._build(counts, np.asarray(lengths, dtype=np.int64), owners, n_owners, k1, b)
        self.vocab = {}
        self.keys = keys
        return self

    def _build(
        self,
        counts: sp.csr_matrix,
        lengths: np.ndarray,
        owners: Sequence[int] | None,
        n_owners: int | None,
        k1: float,
        b: float,
    ) -> None:
        self.k1, self.b = k1, b
        n_docs = len(lengths)
        n_terms = counts.shape[0]
        self.owners = np.arange(n_docs, dtype=np.int32) if owners is None else np.asarray(owners, dtype=np.int32)
        self.n_owners = int(n_owners if n_owners is not None else (self.owners.max() + 1 if n_docs else 0))
        self.doc_lengths = lengths
        avg = float(lengths.mean()) if n_docs and lengths.sum() else 1.0
        df = np.diff(counts.indptr).astype(np.float64)
        self.idf = np.log(1 + (max(n_docs, 1) - df + 0.5) / (df + 0.5)).astype(np.float32)
        norm = (k1 * (1 - b + b * lengths / avg)).astype(np.float32)
        term_of = np.repeat(np.arange(n_terms, dtype=np.int32), np.diff(counts.indptr))
        tf = counts.data
        weights = self.idf[term_of] * tf * np.float32(k1 + 1) / (tf + norm[counts.indices])
        del term_of
        # terms x entries: a query reads only its own terms' rows (postings)
        self.matrix = sp.csr_matrix((weights, counts.indices, counts.indptr), shape=(n_terms, n_docs), copy=False)
        self._owner_starts: np.ndarray | None = None
        if owners is not None and n_docs:
            self._owner_starts = np.flatnonzero(np.r_[True, self.owners[1:] != self.owners[:-1]])

    def lookup(self, query: Iterable[str] | Mapping[str, float]) -> tuple[np.ndarray, np.ndarray]:
        """Row numbers and weights of the query terms the index knows."""
        if isinstance(query, Mapping):
            items = [(self.vocab[t], w) for t, w in query.items() if t in self.vocab]
        else:
            items = [(self.vocab[t], 1.0) for t in dict.fromkeys(query) if t in self.vocab]
        rows = np.fromiter((i for i, _ in items), dtype=np.int64, count=len(items))
        weights = np.fromiter((w for _, w in items), dtype=np.float32, count=len(items))
        return rows, weights

    def lookup_keys(self, keys: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Row numbers and weights of integer term keys (for an index built with `from_counts`)."""
        if self.keys is None or not len(self.keys) or not len(keys):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        pos = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        found = self.keys[pos] == keys
        return pos[found], weights[found].astype(np.float32)

    def entry_scores_for(self, rows: np.ndarray, weights: np.ndarray) -> np.ndarray:
        n_docs = self.matrix.shape[1]
        if not len(rows):
            return np.zeros(n_docs, dtype=np.float32)
        return np.asarray(self.matrix[rows].T @ weights, dtype=np.float32).ravel()

    def entry_scores(self, query: Iterable[str] | Mapping[str, float]) -> np.ndarray:
        """BM25 score of every entry (weighted by the query weights when a mapping is given)."""
        return self.entry_scores_for(*self.lookup(query))

    def reduce(self, per_entry: np.ndarray, reduce_max: bool = False) -> np.ndarray:
        """Per-entry scores to per-owner scores: summed, or the best single entry when `reduce_max`."""
        if self._owner_starts is None:
            return per_entry
        out = np.zeros(self.n_owners, dtype=np.float32)
        starts = self._owner_starts
        out[self.owners[starts]] = (np.maximum if reduce_max else np.add).reduceat(per_entry, starts)
        return out

    def score(self, query: Iterable[str] | Mapping[str, float], reduce_max: bool = False) -> np.ndarray:
        """Scores per owner (a dense array): summed over entries, or the best single entry when `reduce_max`."""
        return self.reduce(self.entry_scores(query), reduce_max)


def code_prefixes(code: str) -> list[str]:
    """Hierarchy levels of a code (CPV or UNSPSC): 2, 4, 6 and all significant digits."""
    digits = code.split("-", maxsplit=1)[0].strip()
    significant = digits.rstrip("0") or digits[:2]
    levels = [digits[:n] for n in (2, 3, 4, 5, 6, 7, 8) if n <= len(digits)]
    return [p for p in levels if len(p) <= max(len(significant), 2)]


def term_counts(keys: np.ndarray, lengths: np.ndarray) -> tuple[sp.csr_matrix, np.ndarray]:
    """A (term x document) matrix of counts from the documents' term keys, concatenated in document order,
    and the sorted distinct keys (row r of the matrix is key `keys[r]`).

    One stable sort of the keys groups the tokens by term and, within a term, by document (the input is in
    document order), so runs of equal (term, document) are the counts: no COO matrix, no `np.unique`
    inverse, and the temporary arrays are a few copies of the token array, not of a sparse matrix.
    """
    n_docs = len(lengths)
    if not len(keys):
        return sp.csr_matrix((0, n_docs), dtype=np.float32), np.zeros(0, dtype=np.int64)
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    docs = np.repeat(np.arange(n_docs, dtype=np.int32), lengths)[order]
    del order
    new_pair = np.empty(len(sorted_keys), dtype=bool)
    new_pair[0] = True
    np.not_equal(sorted_keys[1:], sorted_keys[:-1], out=new_pair[1:])
    new_pair[1:] |= docs[1:] != docs[:-1]
    starts = np.flatnonzero(new_pair)
    del new_pair
    counts = np.diff(np.append(starts, len(sorted_keys))).astype(np.float32)
    pair_docs = docs[starts]
    pair_keys = sorted_keys[starts]
    del docs, sorted_keys, starts
    new_key = np.empty(len(pair_keys), dtype=bool)
    new_key[0] = True
    np.not_equal(pair_keys[1:], pair_keys[:-1], out=new_key[1:])
    key_starts = np.flatnonzero(new_key)
    distinct = pair_keys[key_starts].astype(np.int64)
    indptr = np.append(key_starts, len(pair_keys)).astype(np.int32 if len(pair_keys) < 2**31 else np.int64)
    matrix = sp.csr_matrix((counts, pair_docs, indptr), shape=(len(distinct), n_docs), copy=False)
    return matrix, distinct
