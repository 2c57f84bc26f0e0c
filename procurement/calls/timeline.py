from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT, LEFT, RIGHT, AXIS_Y = 640, 130, 60, 580, 65


def _local(value: dt.datetime, zone: str) -> dt.datetime:
    try:
        return value.astimezone(zoneinfo.ZoneInfo(zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return value


def milestones(call: Any) -> list[tuple[str, dt.datetime]]:
    """(label, when) in time order; a missing date is left out."""
    points = [
        (_("Published"), call.published_at),
        (_("Questions"), call.questions_deadline),
        (_("Submissions"), call.submission_deadline),
        (_("Decision"), call.expected_decision),
    ]
    return sorted(((label, when) for label, when in points if when is not None), key=lambda p: p[1])


# Label lanes: two above the axis and two below, so labels of dates close together never overlap.
LANES = [(-30, -14), (28, 44), (-62, -46), (60, 76)]
CHAR_WIDTH = 8.0  # an upper bound for one character at 14 px bold, in the drawing's units


def _lane_for(left: float, right: float, taken: list[list[tuple[float, float]]]) -> int:
    for lane, spans in enumerate(taken):
        if all(right + 8 < a or left - 8 > b for a, b in spans):
            return lane
    return min(range(len(taken)), key=lambda lane: max((b for _, b in taken[lane]), default=0))


def call_timeline_svg(call: Any, *, now: dt.datetime) -> SafeString:
    """The call's key dates as a drawing (wide screens: ``call_timeline`` adds the list narrow screens show)."""
    points = milestones(call)
    if len(points) < 2:
        return mark_safe("")
    start, end = points[0][1], points[-1][1]
    span = max((end - start).total_seconds(), 1.0)

    def x(when: dt.datetime) -> float:
        share = min(max((when - start).total_seconds() / span, 0.0), 1.0)
        return LEFT + (RIGHT - LEFT) * share

    def day(when: dt.datetime) -> str:
        return str(formats.date_format(_local(when, call.timezone), "SHORT_DATE_FORMAT"))

    axis_y = AXIS_Y + 32
    height = HEIGHT + 64
    body = [f'<line class="portal-timeline-axis" x1="{LEFT}" y1="{axis_y}" x2="{RIGHT}" y2="{axis_y}"/>']
    if now > start:
        body.append(f'<line class="portal-timeline-done" x1="{LEFT}" y1="{axis_y}" x2="{x(now):.1f}" y2="{axis_y}"/>')
    taken: list[list[tuple[float, float]]] = [[] for _ in LANES]
    for label, when in points:
        cx = x(when)
        half = max(len(label), len(day(when))) * CHAR_WIDTH / 2
        # keep the text inside the drawing: anchor it at the edge rather than cut it
        cx_text = min(max(cx, half + 2), WIDTH - half - 2)
        lane = _lane_for(cx_text - half, cx_text + half, taken)
        taken[lane].append((cx_text - half, cx_text + half))
        dy_label, dy_date = LANES[lane]
        past = "portal-timeline-past" if when <= now else "portal-timeline-future"
        body.append(f'<circle class="{past}" cx="{cx:.1f}" cy="{axis_y}" r="7"/>')
        body.append(
            f'<text x="{cx_text:.1f}" y="{axis_y + dy_label}" text-anchor="middle" font-size="14" font-weight="bold">'
            f"{escape(label)}</text>"
        )
        body.append(
            f'<text x="{cx_text:.1f}" y="{axis_y + dy_date}" text-anchor="middle" font-size="13">'
            f"{escape(day(when))}</text>"
        )
    if start < now < end:
        tx = x(now)
        body.append(
            f'<line class="portal-timeline-today" x1="{tx:.1f}" y1="{axis_y - 12}" x2="{tx:.1f}" y2="{axis_y + 12}"/>'
        )
        body.append(
            f'<text x="{tx:.1f}" y="{height - 4}" text-anchor="middle" font-size="13">{escape(_("Today"))}</text>'
        )
    title = _("Timeline of the call")
    desc = "; ".join(f"{label}: {day(when)}" for label, when in points)
    ident = f"call-{int(call.pk)}-timeline"
    return mark_safe(
        f'<svg class="portal-chart portal-timeline" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def call_timeline(call: Any, *, now: dt.datetime) -> SafeString:
    """The drawing and the same dates as a list: narrow screens show the list, where the drawing's text would shrink."""
    points = milestones(call)
    if len(points) < 2:
        return mark_safe("")

    def day(when: dt.datetime) -> str:
        return str(formats.date_format(_local(when, call.timezone), "SHORT_DATE_FORMAT"))

    title = _("Timeline of the call")
    items = "".join(
        f'<li><strong>{escape(label)}</strong> <span class="portal-timeline-when">{escape(day(when))}</span></li>'
        for label, when in points
    )
    return mark_safe(
        call_timeline_svg(call, now=now)
        + f'<ol class="govuk-list portal-timeline-list" aria-label="{escape(title)}">{items}</ol>'
    )
