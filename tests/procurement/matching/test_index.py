"""The vectorised index must rank exactly like the plain reference BM25 implementation."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
import scipy.sparse as sp

from procurement.matching.index import Bm25Index, SparseBm25


def _corpus(seed: int = 7) -> tuple[list[list[str]], list[int]]:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(60)]
    docs, owners = [], []
    for owner in range(40):
        for _ in range(rng.randint(1, 3)):
            docs.append([vocab[min(int(rng.paretovariate(1.1)) - 1, 59)] for _ in range(rng.randint(1, 30))])
            owners.append(owner)
    return docs, owners


def _ranking(scores: dict[int, float] | np.ndarray, n: int) -> list[int]:
    values = [float(scores.get(i, 0.0)) if isinstance(scores, dict) else float(scores[i]) for i in range(n)]
    return sorted((i for i in range(n) if values[i] > 0), key=lambda i: (-round(values[i], 4), i))


@pytest.mark.parametrize("reduce_max", [False, True])
def test_sparse_index_scores_and_ranks_like_the_reference(reduce_max: bool) -> None:
    docs, owners = _corpus()
    reference = Bm25Index(docs, owners)
    sparse = SparseBm25(docs, owners, n_owners=40)
    rng = random.Random(3)
    for _ in range(25):
        query = [f"w{rng.randrange(70)}" for _ in range(rng.randint(1, 8))]
        expected = reference.score(query, reduce_max=reduce_max)
        got = sparse.score(query, reduce_max=reduce_max)
        assert _ranking(got, 40) == _ranking(expected, 40)
        for owner, value in expected.items():
            assert got[owner] == pytest.approx(value, rel=1e-5)


def test_one_entry_per_owner_and_weighted_queries() -> None:
    docs = [["road", "maintenance", "road"], ["software", "portal"], ["road", "bridge"]]
    index = SparseBm25(docs)
    plain = index.score(["road"])
    assert plain[0] > plain[2] > 0
    assert plain[1] == 0
    doubled = index.score({"road": 2.0})
    assert doubled == pytest.approx(plain * 2)
    assert not index.score(["unknown"]).any()


def test_an_empty_corpus_scores_nothing() -> None:
    index = SparseBm25([])
    assert index.score(["anything"]).shape == (0,)


def test_phrase_index_matches_string_bigrams_even_with_empty_documents() -> None:
    from procurement.matching.corpus import MatchQuery, SupplierDocument
    from procurement.matching.scoring import MatchIndex, Weights
    from procurement.matching.text import tokens

    texts = ["", "red vial terciaria", "", "", "vial terciaria red", "red", "mantenimiento red vial"]
    suppliers = [SupplierDocument(id=str(i), name="", profile_text=t) for i, t in enumerate(texts)]
    index = MatchIndex(suppliers, Weights(query_idf=0.0))  # plain weights: compare with the reference
    assert index.phrases is not None
    docs = [tokens(t) for t in texts]
    reference = SparseBm25([[f"{a}_{b}" for a, b in itertools.pairwise(d)] for d in docs])
    q = MatchQuery(title="red vial terciaria")
    ours = index._phrase_scores(*index.query_terms(q))
    title = tokens("red vial terciaria")
    theirs = reference.score({f"{a}_{b}": 1.0 for a, b in itertools.pairwise(title)})
    assert list(np.flatnonzero(ours)) == list(np.flatnonzero(theirs)) == [1, 4, 6]
    assert ours == pytest.approx(theirs)


def test_term_counts_match_a_plain_count_and_two_weightings_share_the_postings() -> None:
    from collections import Counter

    from procurement.matching.index import term_counts

    rng = np.random.default_rng(5)
    lengths = rng.integers(0, 12, size=50)  # empty documents included
    keys = rng.choice(np.array([3, 2**40 + 7, 11, 5, 2**33], dtype=np.int64), size=int(lengths.sum()))
    counts, distinct = term_counts(keys, lengths)
    assert list(distinct) == sorted(set(keys.tolist()))
    expected: Counter[tuple[int, int]] = Counter()
    doc_of = np.repeat(np.arange(len(lengths)), lengths)
    for key, doc in zip(keys.tolist(), doc_of.tolist(), strict=True):
        expected[(key, doc)] += 1
    got = {(int(distinct[r]), int(d)): float(v) for r, d, v in zip(*sp.find(counts), strict=True)}
    assert got == {k: float(v) for k, v in expected.items()}
    plain = SparseBm25.from_counts(counts, distinct, lengths, b=0.75)
    short = SparseBm25.from_counts(counts, distinct, lengths, b=0.3)
    assert np.shares_memory(plain.matrix.indices, short.matrix.indices)  # one copy of the postings
    assert not np.allclose(plain.matrix.data, short.matrix.data)
    assert counts.data.max() >= 1  # the counts were not overwritten by the weights
    assert set(np.unique(counts.data)) <= set(range(1, 13))
