"""Single sign-on for officials through OpenID Connect, configured from the environment.

A full round trip needs an identity provider, which the tests cannot reach offline: they check
the configuration, the login page, and that the flow starts towards the provider.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from govtech.settings import oidc
from tests.security.private_servers import ROOT

pytestmark = pytest.mark.django_db

IDP = {
    "OIDC_PROVIDER_ID": "govbr",
    "OIDC_SERVER_URL": "https://sso.acesso.gov.example/",
    "OIDC_CLIENT_ID": "govtech-portal",
    "OIDC_CLIENT_SECRET": "s3cr3t-from-the-idp",
}


def _settings_from_env(extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OIDC_")}
    env.update(DJANGO_SETTINGS_MODULE="govtech.settings.test", **extra)
    probe = "from django.conf import settings as s; print(s.OIDC_ENABLED, s.SOCIALACCOUNT_PROVIDERS)"
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {probe}"],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_sso_is_off_when_the_environment_names_no_provider(client):
    assert oidc.providers_setting(provider_id=None, server_url=None, client_id=None, client_secret=None, name="x") == {}
    assert "/accounts/oidc/" not in client.get("/es/accounts/login/").content.decode()


def test_the_environment_builds_the_provider_configuration():
    result = _settings_from_env({**IDP, "OIDC_PROVIDER_NAME": "gov.br"})
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip().splitlines()[-1]
    assert line.startswith("True ")
    assert "'provider_id': 'govbr'" in line
    assert "'server_url': 'https://sso.acesso.gov.example'" in line
    assert "'OAUTH_PKCE_ENABLED': True" in line


def test_a_half_configured_provider_stops_the_start_up():
    result = _settings_from_env({"OIDC_PROVIDER_ID": "govbr", "OIDC_SERVER_URL": "https://sso.example"})
    assert result.returncode != 0
    assert "OIDC_CLIENT_ID, OIDC_CLIENT_SECRET" in result.stderr
    with pytest.raises(ImproperlyConfigured, match="must be lower-case"):
        oidc.providers_setting(provider_id="Gov BR", server_url="https://x", client_id="a", client_secret="b", name="x")


@pytest.fixture
def configured_idp(settings):
    settings.SOCIALACCOUNT_PROVIDERS = oidc.providers_setting(
        provider_id=IDP["OIDC_PROVIDER_ID"],
        server_url=IDP["OIDC_SERVER_URL"],
        client_id=IDP["OIDC_CLIENT_ID"],
        client_secret=IDP["OIDC_CLIENT_SECRET"],
        name="Acceso gov",
    )


def test_the_login_page_offers_the_government_identity_provider(configured_idp, client):
    html = client.get("/es/accounts/login/").content.decode()
    assert "Acceso gov" in html
    assert "/es/accounts/oidc/govbr/login/" in html


def test_choosing_the_provider_starts_the_flow_towards_it(configured_idp, client, monkeypatch):
    from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter

    monkeypatch.setattr(
        OpenIDConnectOAuth2Adapter,
        "openid_config",
        {
            "authorization_endpoint": "https://sso.acesso.gov.example/authorize",
            "token_endpoint": "https://sso.acesso.gov.example/token",
            "userinfo_endpoint": "https://sso.acesso.gov.example/userinfo",
        },
    )
    response = client.post("/es/accounts/oidc/govbr/login/")
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("https://sso.acesso.gov.example/authorize?")
    assert "client_id=govtech-portal" in location
    assert "code_challenge=" in location
    assert "redirect_uri=http%3A%2F%2Ftestserver%2Fes%2Faccounts%2Foidc%2Fgovbr%2Flogin%2Fcallback%2F" in location
