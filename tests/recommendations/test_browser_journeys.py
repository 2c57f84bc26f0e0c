"""The issue's "done when", driven through the real pages in Chromium."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from recommendations.services.loader import catalogue_load

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SLUG = "open-data-apis-and-sandboxes"
NEW_TITLE = "Dados abertos, APIs e sandboxes para startups"


def _login(page: Any, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_an_admin_edits_in_portuguese_a_publisher_publishes_and_an_old_version_is_restored(
    transactional_db: Any, live_server: Any, page: Any, admin: Any, publisher: Any
) -> None:
    catalogue_load()
    base = f"{live_server.url}/pt-br/recommendations"
    _login(page, live_server, admin)
    page.goto(f"{base}/curation/{SLUG}/edit/?lang=pt-br")
    page.fill("#id_title", NEW_TITLE)
    page.fill("#id_note", "Título revisado")
    page.click("button[type=submit].govuk-button")
    page.get_by_role("button", name="Send to review").or_(
        page.get_by_role("button", name="Enviar para revisão")
    ).click()

    _login(page, live_server, publisher)
    page.goto(f"{base}/curation/{SLUG}/")
    page.get_by_role("button", name="Publish").or_(page.get_by_role("button", name="Publicar")).click()

    page.context.clear_cookies()
    page.goto(f"{base}/{SLUG}/")
    assert page.locator("h1").inner_text().startswith(NEW_TITLE)
    history = page.locator("h2:has-text('Histórico'), h2:has-text('History')").locator("xpath=following-sibling::ul[1]")
    assert history.locator("li").count() == 2

    _login(page, live_server, admin)
    page.goto(f"{base}/curation/{SLUG}/")
    page.locator("form[action$='/versions/1/restore/'] button").click()
    assert page.locator(".govuk-notification-banner--success, .govuk-notification-banner").count() >= 1
    assert "v3" in page.locator("table").last.inner_text()


def test_a_body_completes_its_assessment_and_sees_its_radar(
    transactional_db: Any, live_server: Any, page: Any, officer: Any, public_body: Any
) -> None:
    catalogue_load()
    _login(page, live_server, officer)
    page.goto(f"{live_server.url}/en/recommendations/assessments/{public_body.slug}/edit/")
    selects = page.locator("select[name^=rating_]")
    assert selects.count() == 30
    for i in range(30):
        selects.nth(i).select_option("implemented" if i < 10 else "planned")
    page.check("input[name=visibility][value=published]")
    page.click("button[type=submit].govuk-button")
    radar = page.locator("svg[role=img]").first
    assert radar.is_visible()
    assert "Line 1" in radar.inner_html()
    assert "100.0" in page.locator("table").first.inner_text()


def test_the_audit_trail_is_append_only_again_after_a_browser_test(db: Any) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        assert cursor.fetchone()[0] == "origin"
