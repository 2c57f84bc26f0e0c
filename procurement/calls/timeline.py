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


def call_timeline_svg(call: Any, *, now: dt.datetime) -> SafeString:
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

    body = [f'<line class="portal-timeline-axis" x1="{LEFT}" y1="{AXIS_Y}" x2="{RIGHT}" y2="{AXIS_Y}"/>']
    if now > start:
        body.append(f'<line class="portal-timeline-done" x1="{LEFT}" y1="{AXIS_Y}" x2="{x(now):.1f}" y2="{AXIS_Y}"/>')
    for n, (label, when) in enumerate(points):
        cx = x(when)
        above = n % 2 == 0
        y_label, y_date = (AXIS_Y - 30, AXIS_Y - 14) if above else (AXIS_Y + 28, AXIS_Y + 44)
        past = "portal-timeline-past" if when <= now else "portal-timeline-future"
        body.append(f'<circle class="{past}" cx="{cx:.1f}" cy="{AXIS_Y}" r="7"/>')
        body.append(
            f'<text x="{cx:.1f}" y="{y_label}" text-anchor="middle" font-size="14" font-weight="bold">'
            f"{escape(label)}</text>"
        )
        body.append(f'<text x="{cx:.1f}" y="{y_date}" text-anchor="middle" font-size="13">{escape(day(when))}</text>')
    if start < now < end:
        tx = x(now)
        body.append(
            f'<line class="portal-timeline-today" x1="{tx:.1f}" y1="{AXIS_Y - 12}" x2="{tx:.1f}" y2="{AXIS_Y + 12}"/>'
        )
        body.append(
            f'<text x="{tx:.1f}" y="{HEIGHT - 4}" text-anchor="middle" font-size="13">{escape(_("Today"))}</text>'
        )
    title = _("Timeline of the call")
    desc = "; ".join(f"{label}: {day(when)}" for label, when in points)
    ident = f"call-{int(call.pk)}-timeline"
    return mark_safe(
        f'<svg class="portal-chart portal-timeline" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )
