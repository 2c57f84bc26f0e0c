"""Browser journeys: a startup signs up and reaches the directory; an admin verifies it; a recommendation is published.

Each journey runs in Spanish and in one other language, checks every page it visits with
axe-core and saves screenshots under ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from recommendations.services.loader import catalogue_load
from startups.models import Supplier
from tests.browser.axe import assert_accessible
from tests.startups.identifiers import valid_identifier

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _submit(page: Any) -> None:
    with page.expect_navigation():
        page.locator("main button[type=submit].govuk-button").first.click()


@pytest.mark.parametrize("language", ["es", "pt-br"])
def test_it_takes_a_startup_from_sign_up_to_a_verified_listing(
    language: str, page: Any, live_server: Any, smtp_server: Any, login_as: Any, admin: Any
) -> None:
    base = f"{live_server.url}/{language}"
    email = f"fundadora-{language}@datos-abiertos.example"
    page.goto(f"{base}/accounts/signup/")
    assert_accessible(page)
    page.fill("#id_email", email)
    page.fill("#id_password1", "Una-clave-larga-2026")
    page.fill("#id_password2", "Una-clave-larga-2026")
    _submit(page)
    assert_accessible(page)
    _shot(page, f"journey-signup-sent-{language}")

    body = smtp_server.wait_for(1)[-1].get_payload(decode=False)
    text = body if isinstance(body, str) else "".join(str(p.get_payload(decode=True), "utf-8") for p in body)
    link = LINK.search(text.replace("=\n", "").replace("=3D", "="))
    assert link, text
    page.goto(link.group(0))
    assert_accessible(page)
    _submit(page)  # confirm, which signs the user in

    page.goto(f"{base}/suppliers/register/")
    assert_accessible(page)
    page.fill("#id_legal_name", f"Datos Abiertos {language.upper()} SAS")
    page.select_option("#id_country", "CO")
    page.fill("#id_identifier", valid_identifier("CO", 77 if language == "es" else 78))
    _submit(page)
    assert "/edit/" in page.url
    assert_accessible(page)
    page.fill("#id_pitch_es", "Datos abiertos para alcaldías")
    _submit(page)
    assert_accessible(page)
    _shot(page, f"journey-profile-{language}")
    supplier = Supplier.objects.get(legal_name=f"Datos Abiertos {language.upper()} SAS")

    login_as(page, admin)
    page.goto(f"{base}/suppliers/{supplier.slug}/moderation/")
    assert_accessible(page)
    page.check(f"input[name=status][value={Supplier.Verification.VERIFIED}]")
    _submit(page)
    supplier.refresh_from_db()
    assert supplier.verification_status == Supplier.Verification.VERIFIED

    page.context.clear_cookies()
    page.goto(f"{base}/suppliers/?q=Datos+Abiertos")
    assert_accessible(page)
    assert supplier.legal_name in page.locator("main").inner_text()
    _shot(page, f"journey-directory-{language}")


@pytest.mark.parametrize("language", ["es", "en"])
def test_it_lets_an_editor_propose_and_a_publisher_publish_a_recommendation(
    language: str, page: Any, live_server: Any, login_as: Any, editor: Any, publisher: Any
) -> None:
    catalogue_load()
    slug = "open-data-apis-and-sandboxes"
    title = {
        "es": "Datos abiertos, APIs y entornos de prueba para pymes",
        "en": "Open data, APIs and sandboxes for all",
    }[language]
    base = f"{live_server.url}/{language}/recommendations"
    login_as(page, editor)
    page.goto(f"{base}/curation/{slug}/edit/?lang={language}")
    assert_accessible(page)
    page.fill("#id_title", title)
    page.fill("#id_note", "Título revisado")
    _submit(page)
    assert not page.locator(".govuk-error-summary").count(), page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.locator("form[action$='/status/'] button").first.click()
    page.wait_for_load_state()

    login_as(page, publisher)
    page.goto(f"{base}/curation/{slug}/")
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("form[action$='/status/'] button").first.click()
    _shot(page, f"journey-publish-{language}")

    page.context.clear_cookies()
    page.goto(f"{base}/{slug}/")
    assert_accessible(page)
    assert page.locator("h1").inner_text().startswith(title)
