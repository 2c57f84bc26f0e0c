"""Single sign-on through OpenID Connect, configured per deployment from the environment.

A deployment names one identity provider (a government IdP) with four variables; when none is
set, SSO is off. Setting only some of them is a mistake, and stops the process at start-up.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ImproperlyConfigured

_PROVIDER_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
VARIABLES = ("OIDC_PROVIDER_ID", "OIDC_SERVER_URL", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET")


def enabled(*values: str | None) -> bool:
    """True when every OIDC variable is set, False when none is; refuses a partial configuration."""
    present = [name for name, value in zip(VARIABLES, values, strict=True) if value]
    if not present:
        return False
    missing = [name for name in VARIABLES if name not in present]
    if missing:
        raise ImproperlyConfigured(f"Single sign-on is half configured: set {', '.join(missing)} too, or unset all.")
    return True


def providers_setting(
    *, provider_id: str | None, server_url: str | None, client_id: str | None, client_secret: str | None, name: str
) -> dict[str, Any]:
    """allauth's ``SOCIALACCOUNT_PROVIDERS`` for the configured identity provider (empty when off)."""
    if not enabled(provider_id, server_url, client_id, client_secret):
        return {}
    assert provider_id is not None
    assert server_url is not None
    if not _PROVIDER_ID.match(provider_id):
        raise ImproperlyConfigured(f"OIDC_PROVIDER_ID={provider_id!r} must be lower-case letters, digits, - or _.")
    if not server_url.startswith(("https://", "http://")):
        raise ImproperlyConfigured(f"OIDC_SERVER_URL={server_url!r} must be an http(s) URL.")
    return {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": provider_id,
                    "name": name,
                    "client_id": client_id,
                    "secret": client_secret,
                    "settings": {"server_url": server_url.rstrip("/"), "fetch_userinfo": True},
                }
            ],
        }
    }
