"""Log-in throttling, password rules, session expiry and the production transport settings."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from tests.accounts.factories import PASSWORD, UserFactory
from tests.security.private_servers import ROOT

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many failed login attempts. Try again later."


def test_the_sixth_failed_log_in_for_one_account_is_refused_even_with_the_right_password(fresh_client):
    user = UserFactory(email=f"throttle-{timezone.now().timestamp()}@example.org")
    for attempt in range(5):
        response = fresh_client().post("/en/accounts/login/", {"login": user.email, "password": f"wrong-{attempt}"})
        assert "not correct" in response.content.decode()
    sixth = fresh_client().post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert sixth.status_code in (200, 429)
    assert TOO_MANY in sixth.content.decode()
    assert sixth.wsgi_request.user.is_anonymous


def test_failed_log_ins_from_one_address_are_throttled_across_accounts(fresh_client):
    client = fresh_client()
    emails = [f"spray-{n}-{timezone.now().timestamp()}@example.org" for n in range(11)]
    for email in emails[:10]:
        client.post("/en/accounts/login/", {"login": email, "password": "Password1!"})
    refused = client.post("/en/accounts/login/", {"login": emails[10], "password": "Password1!"})
    assert TOO_MANY in refused.content.decode()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1!", "too short"),
        ("password123", "too common"),
        ("58392017465", "entirely numeric"),
        ("ana.garcia.portal", "too similar"),
    ],
)
def test_passwords_follow_djangos_validators(password, message):
    user = UserFactory.build(email="ana.garcia.portal@example.org", full_name="Ana García")
    with translation.override("en"), pytest.raises(ValidationError, match=message):
        validate_password(password, user)


def test_a_long_uncommon_password_is_accepted():
    validate_password("mango-tren-azul-2026", UserFactory.build(email="x@example.org"))


def test_a_session_ends_with_the_browser_and_after_session_cookie_age(client, supplier_owner):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    response = client.post("/es/accounts/login/", {"login": supplier_owner.email, "password": PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"]
    assert not cookie["expires"]
    assert cookie["httponly"]
    session = Session.objects.get(session_key=cookie.value)
    lifetime = session.expire_date - timezone.now()
    assert (
        timedelta(seconds=settings.SESSION_COOKIE_AGE - 60) < lifetime <= timedelta(seconds=settings.SESSION_COOKIE_AGE)
    )
    assert client.get("/es/account/data/").status_code == 200
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert "/accounts/login/" in client.get("/es/account/data/")["Location"]


def test_the_login_form_offers_no_remember_me(client):
    assert 'name="remember"' not in client.get("/es/accounts/login/").content.decode()


PRODUCTION_PROBE = """
from django.conf import settings as s
print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD,
      s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.MFA_REQUIRED_FOR_OFFICIALS,
      s.SECURE_PROXY_SSL_HEADER, s.X_FRAME_OPTIONS, s.SECURE_CONTENT_TYPE_NOSNIFF, sep="|")
"""


def test_production_settings_force_https_hsts_secure_cookies_and_mfa():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="govtech.settings.production",
        SECRET_KEY="p" * 20 + "8c1e5b0a9f7d3c2e6b4a8f0d1c9e7b5a3f2d",
        ALLOWED_HOSTS="portal.example.org",
        MFA_ENCRYPTION_KEYS="cHJvZHVjdGlvbi10ZXN0LW1mYS1rZXktMDEyMzQ1Njc=",
        MFA_REQUIRED_FOR_OFFICIALS="0",  # refused: production forces MFA on
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgres://root@127.0.0.1:5432/h_security"),
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); exec({PRODUCTION_PROBE!r})"],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    values = result.stdout.strip().splitlines()[-1].split("|")
    assert values == [
        "True",
        "31536000",
        "True",
        "True",
        "True",
        "True",
        "True",
        "True",
        "('HTTP_X_FORWARDED_PROTO', 'https')",
        "DENY",
        "True",
    ]
