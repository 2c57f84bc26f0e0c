from __future__ import annotations

from typing import Any

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from govtech.tokens.models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    """Per token for integrators, per user for browser sessions (anonymous visitors: ``AnonRateThrottle``).

    Rates are read per request from ``DEFAULT_THROTTLE_RATES["token"]`` and ``["user"]``, so a
    deployment (or the load test) can change them through settings.
    """

    scope = "user"

    def __init__(self) -> None:  # the rate depends on the request: resolved in allow_request
        pass

    def allow_request(self, request: Any, view: Any) -> bool:
        self.scope = "token" if isinstance(getattr(request, "auth", None), ApiToken) else "user"
        self.rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)  # type: ignore[assignment]
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        token = getattr(request, "auth", None)
        if isinstance(token, ApiToken):
            return self.cache_format % {"scope": "token", "ident": token.pk}
        if request.user and request.user.is_authenticated:
            return self.cache_format % {"scope": "user", "ident": request.user.pk}
        return None
