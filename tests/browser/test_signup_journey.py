"""A brand-new founder on a 390 px phone: signs up (name, terms, consent), opens the e-mail's link, registers the
company in the guided steps and sees the "waiting for verification" state; each new page passes axe. The lead's
full journey (search, question, application, receipt) builds on this one."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from govtech.accounts.models import LegalAcceptance, User
from startups.models import Supplier
from tests.browser.axe import assert_accessible
from tests.startups.identifiers import valid_identifier

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")
PHONE = {"width": 390, "height": 844}


def _check(page: Any, name: str, screens: list[str]) -> None:
    """One screen the founder sees: fits 390 px, passes axe, screenshot saved."""
    screens.append(page.url)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url
    assert_accessible(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"signup-{name}.png"), full_page=True)


def _submit(page: Any) -> None:
    with page.expect_navigation():
        page.locator("main button[type=submit].govuk-button").first.click()


def test_a_founder_signs_up_verifies_the_email_and_registers_the_company_at_390_px(
    browser: Any, live_server: Any, smtp_server: Any, settings: Any
) -> None:
    settings.SITE_URL = live_server.url  # the e-mail's links are on SITE_URL
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    base = f"{live_server.url}/es"
    screens: list[str] = []

    page.goto(f"{base}/accounts/signup/")
    _check(page, "1-form", screens)
    page.fill("#id_email", "fundadora@agua-viva.example")
    page.fill("#id_password1", "Una-clave-larga-2026")
    page.fill("#id_password2", "Una-clave-larga-2026")
    page.fill("#id_full_name", "Fundadora Agua Viva")
    for box in ("#id_accept_terms", "#id_consent_privacy"):  # with the keyboard, as a keyboard user would
        page.focus(box)
        page.keyboard.press("Space")
        assert page.is_checked(box)
    _submit(page)
    _check(page, "2-email-sent", screens)

    [message] = smtp_server.wait_for(1)
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Govtech Portal" in body
    link = LINK.search(body)
    assert link, body
    assert link.group(0).startswith(live_server.url + "/es/")
    page.goto(link.group(0))
    _check(page, "3-confirm", screens)
    _submit(page)  # confirm, which signs the founder in
    user = User.objects.get(email="fundadora@agua-viva.example")
    assert user.full_name == "Fundadora Agua Viva"
    assert LegalAcceptance.objects.filter(user=user).count() == 2

    page.goto(f"{base}/suppliers/register/")
    _check(page, "4-identity", screens)
    assert "Paso 1 de 3" in page.locator("main").inner_text()
    page.fill("#id_legal_name", "Agua Viva SAS")
    page.select_option("#id_country", "CO")
    page.fill("#id_identifier", valid_identifier("CO", 91))
    _submit(page)
    _check(page, "5-offer", screens)
    assert "Paso 2 de 3" in page.locator("main").inner_text()
    page.fill("#id_pitch_es", "Sensores de calidad del agua para municipios")
    _submit(page)
    _check(page, "6-references", screens)
    assert "Paso 3 de 3" in page.locator("main").inner_text()
    with page.expect_navigation():
        page.get_by_role("link", name="Terminar y ver su organización").click()
    _check(page, "7-waiting", screens)
    assert "Agua Viva SAS fue enviada a verificación." in page.locator("main").inner_text()
    supplier = Supplier.objects.get(legal_name="Agua Viva SAS")
    assert supplier.verification_status == Supplier.Verification.PENDING
    assert supplier.pitch_es == "Sensores de calidad del agua para municipios"
    assert len(screens) == 7, screens

    for path in (
        "/account/legal/privacy/",
        "/opportunities/",
        "/opportunities/?q=nada-que-encontrar",
        "/opportunities/questions/",
    ):
        page.goto(base + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        assert_accessible(page)
    context.close()


def test_the_opportunities_search_box_comes_first_and_the_filters_open_with_the_keyboard(
    browser: Any, live_server: Any
) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/opportunities/")
    search = page.locator("input[name=q]").bounding_box()
    summary = page.locator("details.portal-filters > summary").bounding_box()
    assert search["y"] < summary["y"] < PHONE["height"]
    assert not page.locator("select[name=instrument]").is_visible()
    page.locator("details.portal-filters > summary").focus()
    page.keyboard.press("Enter")
    assert page.locator("select[name=instrument]").is_visible()
    assert_accessible(page)
    context.close()
