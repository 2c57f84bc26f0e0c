from __future__ import annotations

from govtech.core.charts import Series, bar_chart_svg, radar_svg


def test_the_radar_is_an_accessible_image_with_escaped_labels() -> None:
    svg = str(
        radar_svg(
            axes=["<b>1</b>", "2", "3"],
            series=[Series("Body <x>", [100, 50, None])],
            title="Adoption & more",
            desc="Scores",
            ident="r",
        )
    )
    assert svg.startswith('<svg class="portal-chart"')
    assert 'role="img"' in svg
    assert 'aria-labelledby="r-title r-desc"' in svg
    assert '<title id="r-title">Adoption &amp; more</title>' in svg
    assert "<b>" not in svg
    assert "&lt;b&gt;1&lt;/b&gt;" in svg


def test_bars_scale_to_the_largest_value_and_show_missing_as_a_dash() -> None:
    svg = str(bar_chart_svg(rows=[("CO", 4.0), ("BR", 2.0), ("MX", None)], title="t", desc="d", ident="b"))
    assert 'width="360.0"' in svg
    assert 'width="180.0"' in svg
    assert ">—<" in svg


def test_the_history_line_joins_known_points_and_labels_dates() -> None:
    from govtech.core.charts import line_chart_svg

    svg = str(
        line_chart_svg(
            points=[("2026-01-01", 10.0), ("2026-02-01", None), ("2026-03-01", 60.0)], title="t", desc="d", ident="h"
        )
    )
    assert svg.count("<circle") == 2
    assert "<polyline" in svg
    assert "2026-03-01" in svg
