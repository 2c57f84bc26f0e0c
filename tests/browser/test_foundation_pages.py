"""The layout in a real browser: assets served by the portal itself, no CDN, CSP respected."""

from __future__ import annotations

from pathlib import Path

import pytest

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_home_page_renders_with_local_assets_only_and_no_csp_violation(page, live_server):
    requests: list[str] = []
    console_errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    page.goto(live_server.url + "/")
    assert page.url.endswith("/en/")  # Chromium asks for en-US; with no preference the portal answers in Spanish
    page.goto(live_server.url + "/es/")
    assert page.locator("h1").inner_text()
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.govuk-header')).backgroundColor") != "rgba(0, 0, 0, 0)"
    )
    assert all(url.startswith(live_server.url) for url in requests), requests
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "home-es.png"), full_page=True)


def test_the_language_switch_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/es/")
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    page.wait_for_url("**/en/")
    assert page.url.endswith("/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    context.close()


def test_the_sign_up_form_fits_a_360_px_phone(browser, live_server):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + "/es/accounts/signup/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_label("Correo electrónico").fill("no-es-un-correo")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "signup-phone-es.png"), full_page=True)
    context.close()


@pytest.mark.parametrize("width", [1280, 360])
def test_the_language_switch_sits_on_one_line(browser, live_server, width):
    """On desktop the header's floated navigation once squeezed the switch to one language per line."""
    context = browser.new_context(viewport={"width": width, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + "/pt-br/")
    items = page.locator(".portal-language-list li")
    tops = {round(items.nth(i).bounding_box()["y"]) for i in range(items.count())}
    assert items.count() == 3
    assert len(tops) == 1, tops
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"header-{width}.png"), clip={"x": 0, "y": 0, "width": width, "height": 200})
    context.close()
