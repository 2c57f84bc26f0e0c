"""Every page and API answer carries the security headers."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/es/",
    "/en/about/",
    "/es/accounts/login/",
    "/pt-br/accounts/signup/",
    "/es/accounts/password/reset/",
    "/es/no-such-page/",
    "/api/v1/schema/",
    "/api/v1/audit-events/",
    "/healthz",
]
SIGNED_IN_PAGES = ["/es/account/data/", "/es/account/delete/", "/es/audit/", "/es/audit/export.csv", "/es/admin/"]


def _assert_secure_headers(response) -> None:
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_carries_a_strict_csp_and_the_other_headers(client, path):
    _assert_secure_headers(client.get(path))


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_every_signed_in_page_carries_the_headers(auditor, client_for, path):
    _assert_secure_headers(client_for(auditor).get(path))


def test_a_form_error_and_a_refusal_carry_the_headers(client, outsider, client_for):
    _assert_secure_headers(client.post("/es/accounts/login/", {"login": "x@example.org", "password": "nope"}))
    _assert_secure_headers(client_for(outsider).get("/es/audit/"))


def test_the_inline_script_of_the_layout_runs_only_with_its_nonce(client):
    response = client.get("/es/")
    csp = response["Content-Security-Policy"]
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in response.content.decode()
    assert 'style="' not in response.content.decode()
