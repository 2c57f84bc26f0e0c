"""``Authorization: Bearer gtp_<key id>_<secret>`` for integrators."""

from __future__ import annotations

import hmac
from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request

from govtech.tokens.models import TOKEN_PREFIX, ApiToken, token_digest

LAST_USED_PRECISION = timedelta(minutes=1)


def request_method_is_unsafe(method: str | None) -> bool:
    return (method or "GET").upper() not in SAFE_METHODS


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if parts[0].lower() != self.keyword.lower():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Send the token as: Authorization: Bearer <token>."))
        return self._check(parts[1], request.method)

    def _check(self, raw: str, method: str | None) -> tuple[Any, ApiToken]:
        prefix, _sep, rest = raw.partition("_")
        key_id = rest.partition("_")[0]
        invalid = exceptions.AuthenticationFailed(_("The API token is invalid, expired or revoked."))
        if prefix != TOKEN_PREFIX or not key_id:
            raise invalid
        token = ApiToken.objects.usable().select_related("user").filter(key_id=key_id).first()
        if token is None or not hmac.compare_digest(token.digest, token_digest(raw)):
            raise invalid
        if request_method_is_unsafe(method) and not token.allows_writes:
            # Enforced here, not in a permission class, so no view can forget it.
            raise exceptions.PermissionDenied(_("This API token is read-only."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = BearerTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token created in the portal (gtp_…).",
        }
