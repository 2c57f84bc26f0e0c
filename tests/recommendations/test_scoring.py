from __future__ import annotations

from recommendations.scoring import assessment_scores


def test_it_scores_lines_and_overall_leaving_out_not_applicable() -> None:
    scores = assessment_scores(
        [
            (1, "implemented"),
            (1, "not_started"),
            (1, "not_applicable"),
            (2, "planned"),
            (2, "in_progress"),
            (3, "not_applicable"),
        ]
    )
    assert scores.lines == {1: 50.0, 2: 50.0, 3: None}
    # overall: (1 + 0 + 1/3 + 2/3) / 4 = 0.5
    assert scores.overall == 50.0


def test_everything_not_applicable_has_no_score() -> None:
    assert assessment_scores([(1, "not_applicable")]).overall is None


def test_everything_implemented_scores_one_hundred() -> None:
    assert assessment_scores([(1, "implemented"), (2, "implemented")]).overall == 100.0
