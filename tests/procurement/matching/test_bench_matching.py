from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from govtech.devtools.synthetic import SyntheticCorpus
from procurement.matching.scoring import MatchIndex

pytestmark = pytest.mark.benchmark


def test_bench_prints_the_figures_last() -> None:
    out = StringIO()
    call_command("bench_matching", suppliers=300, queries=5, stdout=out)
    last = out.getvalue().strip().splitlines()[-1]
    assert re.fullmatch(r"p95_ms=\d+\.\d index_s=\d+\.\d\d peak_rss_mb=\d+", last)


def test_bench_refuses_nonsense() -> None:
    with pytest.raises(CommandError):
        call_command("bench_matching", suppliers=0, queries=5, stdout=StringIO())


def test_the_synthetic_corpus_is_seeded_and_rankable() -> None:
    first = [s.name for s in SyntheticCorpus(seed=4).suppliers(20)]
    assert first == [s.name for s in SyntheticCorpus(seed=4).suppliers(20)]
    corpus = SyntheticCorpus(seed=1)
    index = MatchIndex(list(corpus.suppliers(200)))
    results = index.rank(next(corpus.challenges(1)))
    assert results
    assert all(r.reasons for r in results)
