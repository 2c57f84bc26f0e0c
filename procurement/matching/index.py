"""In-memory inverted indexes (BM25) over supplier documents."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence


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

    def matched_terms(self, query: Iterable[str], entry: int) -> list[str]:
        """Query terms present in one entry, rarest first."""
        found = [t for t in set(query) if any(i == entry for i, _ in self.postings.get(t, ()))]
        return sorted(found, key=lambda t: -self.idf[t])


def code_prefixes(code: str) -> list[str]:
    """Hierarchy levels of a code (CPV or UNSPSC): 2, 4, 6 and all significant digits."""
    digits = code.split("-")[0].strip()
    significant = digits.rstrip("0") or digits[:2]
    levels = [digits[:n] for n in (2, 3, 4, 5, 6, 7, 8) if n <= len(digits)]
    return [p for p in levels if len(p) <= max(len(significant), 2)]
