"""bench_web runs the production configuration (gunicorn, production settings) under wrk and prints its figures.

A smoke run (1 second per page, 4 connections): the command must start the server, answer every page of the mix
without an error, and end with its summary line. The figures are reported in docs/operations.md, not asserted.
"""

from __future__ import annotations

import io
import re
from unittest import mock

import pytest
from django.core.management import call_command

from govtech.devtools.management.commands.bench_web import search_words, varied_script

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("bench_web"), pytest.mark.benchmark]


def test_search_words_are_a_thousand_varied_spanish_words() -> None:
    words = search_words()
    assert len(words) == 1000
    assert len(set(words)) == 1000
    assert words == search_words()  # seeded: the same words on every run
    assert all(len(word) >= 4 and word.isalpha() for word in words)
    script = varied_script("/es/suppliers/?q={q}&x=1", ["educación"])
    assert '"educaci%C3%B3n"' in script
    assert '"/es/suppliers/?q=" .. words' in script
    # wrk's threads start at evenly spaced words: no two ask for the same word at the same moment
    assert 'thread:set("start", started * 500)' in varied_script("/es/suppliers/?q={q}", words, threads=2)


def test_bench_web_drives_every_page_of_the_mix_without_errors() -> None:
    call_command(
        "seed_scale",
        "--suppliers=60",
        "--bodies=4",
        "--calls=30",
        "--applications=40",
        "--big-call=20",
        "--panel=2",
        stdout=io.StringIO(),
    )
    out = io.StringIO()
    call_command("bench_web", "--duration=1", "--connections=4", "--workers=1", "--threads=1", stdout=out)
    lines = out.getvalue().strip().splitlines()
    pages = [line for line in lines if "req/s" in line]
    names = [line.split("  ")[0].strip() for line in pages]
    assert names == [
        "ceiling (ok)",
        "home",
        "opportunities search",
        "call page",
        "directory search",
        "supplier profile",
        "API calls",
        "API suppliers",
        "supplier dashboard",
        "layout alone (about, rendered)",
        "opportunities search*",
        "opportunities search* (one at a time)",
        "directory search*",
        "directory search* (one at a time)",
        "API calls search*",
        "API calls search* (one at a time)",
        "API suppliers search*",
        "API suppliers search* (one at a time)",
        "received applications",
        "received applications (one at a time)",
        "evaluation board",
        "evaluation board (one at a time)",
        "ranking and decision",
        "ranking and decision (one at a time)",
    ]
    for line in pages:
        assert line.rstrip().endswith("errors 0"), line
        assert re.search(r"first +[\d.]+ ms", line), line  # the first request after a write, uncached
        assert float(re.search(r"([\d.]+) req/s", line).group(1)) > 0, line  # type: ignore[union-attr]
    assert re.search(r"gunicorn workers RSS MB: \d+", out.getvalue())
    assert re.fullmatch(
        r"worst_p95_ms=[\d.]+ worst_ratio=[\d.]+ floor_ratio=[\d.]+ search_p95_ms=[\d.]+ search_ratio=[\d.]+"
        r" one_at_a_time_p95_ms=[\d.]+ staff_p95_ms=[\d.]+ staff_one_at_a_time_p95_ms=[\d.]+ errors=0",
        lines[-1],
    ), lines[-1]

    # profile_page on the same data: where the time of a staff page and of a search goes (figures not asserted)
    out = io.StringIO()
    call_command("profile_page", "board", "--requests=2", "--warm=1", "--no-profile", "--queries", stdout=out)
    assert re.search(
        r"requests=2 mean_ms=[\d.]+ p50_ms=[\d.]+ p95_ms=[\d.]+ database_ms=[\d.]+ queries=[\d.]+", out.getvalue()
    )
    assert re.search(r"\n +[\d.]+ +[\d.]+  SELECT .*evaluation_score", out.getvalue())  # the queries, by time
    out = io.StringIO()
    call_command(
        "profile_page", "/es/suppliers/?q={q}", "--requests=3", "--warm=1", "--limit=5", "--slowest=2", stdout=out
    )
    assert "requests=3 " in out.getvalue()
    slowest = re.findall(r"\n +[\d.]+ +[\d.]+ +[\d.]+  (/es/suppliers/\?q=\S+)", out.getvalue())
    assert len(slowest) == 2, out.getvalue()  # the two slowest requests: ms, database ms, collection ms, path
    assert "Ordered by: internal time" in out.getvalue()
    assert "Ordered by: cumulative time" in out.getvalue()


def test_profile_page_refuses_what_it_cannot_profile() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="neither a path nor one of received, board, decide"):
        call_command("profile_page", "suppliers", stdout=io.StringIO())
    with pytest.raises(CommandError, match="No call in evaluation"):
        call_command("profile_page", "board", stdout=io.StringIO())
    with mock.patch("importlib.util.find_spec", return_value=None), pytest.raises(CommandError, match="pyinstrument"):
        call_command("profile_page", "board", "--sampler", stdout=io.StringIO())
    with pytest.raises(CommandError, match="answered 404"):
        call_command("profile_page", "/es/no-such-page/", "--requests=1", "--warm=0", stdout=io.StringIO())
