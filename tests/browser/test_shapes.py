"""Pages hold their shape at 390 px and 1366 px: the timeline, tables, amounts and the header."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from govtech.accounts.models import Membership
from tests.accounts.factories import SupplierOrganisationFactory, UserFactory
from tests.procurement.factories import make_indexed_call, verified_body

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERLAPS = """() => {
  const boxes = [...document.querySelectorAll('svg.portal-timeline text')].map(t => t.getBoundingClientRect());
  let hits = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) hits++;
  }
  return hits;
}"""

# Lines a text takes: a column header of one word and an amount must take one.
LINES = """(selector) => [...document.querySelectorAll(selector)].map(el => {
  const range = document.createRange(); range.selectNodeContents(el);
  const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
  return [el.textContent.trim(), tops.size];
})"""


def _call(public_body: Any) -> Any:
    verified_body(public_body)
    now = timezone.now()
    return make_indexed_call(
        public_body,
        published_at=now - datetime.timedelta(days=20),
        questions_deadline=now + datetime.timedelta(days=9),
        submission_deadline=now + datetime.timedelta(days=10),  # a day apart: the labels once overlapped
        expected_decision=now + datetime.timedelta(days=40),
        budget=Decimal("900000000"),
        currency="COP",
        phases=[
            {"name": "diseño", "budget": "150000000", "suppliers": 4},
            {"name": "prueba de campo", "budget": "450000000", "suppliers": 1},
        ],
    )


@pytest.mark.parametrize("width", [390, 1366])
def test_the_call_page_holds_its_shape(browser: Any, live_server: Any, public_body: Any, width: int) -> None:
    call = _call(public_body)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/es/opportunities/calls/{call.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if width < 640:
        assert page.locator(".portal-timeline-list").is_visible()
        assert not page.locator("svg.portal-timeline").is_visible()
    else:
        assert page.locator("svg.portal-timeline").is_visible()
        assert page.evaluate(OVERLAPS) == 0
    for text, lines in page.evaluate(LINES, "main thead th, main td.govuk-table__cell--numeric"):
        if " " not in text.replace("\xa0", ""):
            assert lines == 1, (text, lines)
    page.screenshot(path=f"/tmp/words-test-call-{width}.png", full_page=True)
    context.close()


def test_the_desktop_header_keeps_its_menu_to_one_row(
    browser: Any, live_server: Any, login_as: Any, public_body: Any
) -> None:
    """A person with many roles (officer of a body, owner of a supplier) at 1366 px: menu on one row, languages below."""
    person = UserFactory(full_name="Olga Oficial")
    Membership.objects.create(user=person, organisation=public_body, role=Membership.Role.OFFICER)
    Membership.objects.create(user=person, organisation=SupplierOrganisationFactory(), role=Membership.Role.OWNER)
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    login_as(page, person)
    for language in ("es", "pt-br", "en"):
        page.goto(f"{live_server.url}/{language}/about/")
        tops = page.evaluate(
            "[...document.querySelectorAll('.govuk-header__navigation-item')].map(e => e.getBoundingClientRect().top)"
        )
        names = page.evaluate("[...document.querySelectorAll('.govuk-header__navigation-item')].map(e => e.innerText)")
        page.screenshot(
            path=f"/tmp/words-test-header-{language}.png", clip={"x": 0, "y": 0, "width": 1366, "height": 160}
        )
        assert max(tops) - min(tops) < 10, (language, tops, names)  # one row
    context.close()
