"""Server-rendered SVG charts: no JavaScript, no CDN, accessible.

Each chart is an ``<svg role="img">`` with a ``<title>`` and ``<desc>``, and the pages
always show the same numbers in a table beside it. Labels are escaped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float | None]  # 0–100, one per axis; None is drawn as 0
    css_class: str = "portal-radar-area"


def _svg(width: int, height: int, title: str, desc: str, body: list[str], ident: str) -> SafeString:
    return mark_safe(
        f'<svg class="portal-chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def radar_svg(*, axes: list[str], series: list[Series], title: str, desc: str, ident: str = "radar") -> SafeString:
    """A radar (spider) chart with 0–100 scales on each axis."""
    size, cx, cy, radius = 420, 210, 200, 140
    n = max(len(axes), 3)

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        return cx + radius * value / 100 * math.cos(angle), cy + radius * value / 100 * math.sin(angle)

    body: list[str] = []
    for level in (25, 50, 75, 100):
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, level) for i in range(n)))
        body.append(f'<polygon class="portal-radar-grid" points="{pts}"/>')
    for i, label in enumerate(axes):
        x, y = point(i, 100)
        lx, ly = point(i, 118)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        body.append(f'<line class="portal-radar-grid" x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}"/>')
        body.append(f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}" font-size="13">{escape(label)}</text>')
    for s in series:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, v or 0) for i, v in enumerate(s.values)))
        body.append(f'<polygon class="{escape(s.css_class)}" points="{pts}"><title>{escape(s.label)}</title></polygon>')
    return _svg(size, size, title, desc, body, ident)


def bar_chart_svg(
    *,
    rows: list[tuple[str, float | None]],
    title: str,
    desc: str,
    ident: str,
    unit: str = "",
    css_class: str = "portal-bar",
) -> SafeString:
    """Horizontal bars, one per row, scaled to the largest value."""
    bar_h, gap, label_w, chart_w = 22, 8, 170, 360
    height = max(1, len(rows)) * (bar_h + gap) + 10
    top = max([v for _, v in rows if v is not None] or [1]) or 1
    body: list[str] = []
    for i, (label, value) in enumerate(rows):
        y = 5 + i * (bar_h + gap)
        w = 0 if value is None else chart_w * value / top
        shown = "—" if value is None else f"{value:g}{unit}"
        body.append(f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" font-size="13">{escape(label)}</text>')
        body.append(f'<rect class="{escape(css_class)}" x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}"/>')
        body.append(f'<text x="{label_w + w + 6:.1f}" y="{y + 16}" font-size="13">{escape(shown)}</text>')
    return _svg(label_w + chart_w + 80, height, title, desc, body, ident)


def line_chart_svg(
    *, points: list[tuple[str, float | None]], title: str, desc: str, ident: str, top: float = 100
) -> SafeString:
    """A 0–``top`` line over time, one labelled point per entry (oldest first)."""
    width, height, left, bottom, right, upper = 560, 240, 40, 200, 540, 20
    n = len(points)
    step = (right - left) / max(n - 1, 1)

    def xy(i: int, value: float) -> tuple[float, float]:
        return left + i * step, bottom - (bottom - upper) * value / top

    body = [f'<line class="portal-radar-grid" x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}"/>']
    for level in (0, 50, 100):
        _x, y = xy(0, level * top / 100)
        body.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12">{level * top / 100:g}</text>'
        )
        body.append(f'<line class="portal-radar-grid" x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}"/>')
    known = [(i, v) for i, (_label, v) in enumerate(points) if v is not None]
    if len(known) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, v in known))
        body.append(f'<polyline class="portal-line" points="{path}"/>')
    for i, v in known:
        x, y = xy(i, v)
        body.append(f'<circle class="portal-line-point" cx="{x:.1f}" cy="{y:.1f}" r="4"/>')
    for i, (label, _v) in enumerate(points):
        x, _y = xy(i, 0)
        if n <= 8 or i in (0, n - 1):
            anchor = "start" if i == 0 and n > 1 else ("end" if i == n - 1 and n > 1 else "middle")
            body.append(
                f'<text x="{x:.1f}" y="{bottom + 18}" text-anchor="{anchor}" font-size="11">{escape(label)}</text>'
            )
    return _svg(width, height, title, desc, body, ident)
