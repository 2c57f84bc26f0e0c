"""A call's timeline as a picture: an accessible SVG with each date, the past part and today marked."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.utils import timezone, translation

from procurement.calls.models import Call
from procurement.calls.timeline import call_timeline_svg
from tests.procurement.factories import make_call

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def test_it_marks_each_date_the_past_and_today(public_body: Any) -> None:
    now = timezone.now()
    call = make_call(
        public_body,
        status=Call.Status.PUBLISHED,
        published_at=now - dt.timedelta(days=5),
        questions_deadline=now - dt.timedelta(days=1),
        submission_deadline=now + dt.timedelta(days=9),
        expected_decision=now + dt.timedelta(days=30),
    )
    with translation.override("en"):
        root = _parse(call_timeline_svg(call, now=now))
    assert root.get("role") == "img"
    assert root.findtext(f"{SVG}title") == "Timeline of the call"
    desc = root.findtext(f"{SVG}desc") or ""
    assert re.fullmatch(r"Open for submissions: .+; Questions: .+; Submissions: .+; Decision: .+", desc), desc
    circles = [c.get("class") for c in root.iter(f"{SVG}circle")]
    assert circles == [
        "portal-timeline-past",
        "portal-timeline-past",
        "portal-timeline-future",
        "portal-timeline-future",
    ]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Today" in texts
    done = next(line for line in root.iter(f"{SVG}line") if line.get("class") == "portal-timeline-done")
    axis = next(line for line in root.iter(f"{SVG}line") if line.get("class") == "portal-timeline-axis")
    assert float(axis.get("x1")) < float(done.get("x2")) < float(axis.get("x2"))


def test_after_the_decision_there_is_no_today_marker_and_spanish_labels(public_body: Any) -> None:
    now = timezone.now()
    call = make_call(
        public_body,
        status=Call.Status.AWARDED,
        published_at=now - dt.timedelta(days=60),
        questions_deadline=now - dt.timedelta(days=50),
        submission_deadline=now - dt.timedelta(days=40),
        expected_decision=None,
    )
    with translation.override("es"):
        root = _parse(call_timeline_svg(call, now=now))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Hoy" not in texts
    assert "Today" not in texts
    assert root.findtext(f"{SVG}title") == "Cronograma de la convocatoria"
    assert len(list(root.iter(f"{SVG}circle"))) == 3  # no decision date: three points


def test_the_call_page_shows_it(client: Any, public_body: Any) -> None:
    call = make_call(public_body, status=Call.Status.PUBLISHED, published_at=timezone.now())
    page = client.get(f"/en/opportunities/calls/{call.pk}/").content.decode()
    assert f'aria-labelledby="call-{call.pk}-timeline-title call-{call.pk}-timeline-desc"' in page
