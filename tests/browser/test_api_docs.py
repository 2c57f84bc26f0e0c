"""Swagger UI and Redoc are served by the portal itself and work under the strict CSP."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("path", "title"), [("/api/v1/docs/", "Govtech Portal API"), ("/api/v1/redoc/", "Govtech Portal API")]
)
def test_the_api_reference_renders_without_csp_violations_or_outside_requests(page, live_server, path, title):
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("request", lambda request: None if request.url.startswith(live_server.url) else outside.append(request.url))
    page.goto(live_server.url + path)
    page.get_by_text(title).first.wait_for(timeout=15000)
    assert errors == []
    assert outside == []
