"""DRF's anonymous throttle, keyed on the client address as ``govtech.core.client_ip`` reads it."""

from __future__ import annotations

from typing import Any

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle as DrfAnonRateThrottle

from govtech.core.client_ip import client_ip


class AnonRateThrottle(DrfAnonRateThrottle):
    """Per client address for anonymous visitors; the rate is read per request from
    ``DEFAULT_THROTTLE_RATES["anon"]`` (DRF reads it once, at import), so settings can change it."""

    def __init__(self) -> None:  # the rate is resolved in allow_request
        pass

    def allow_request(self, request: Any, view: Any) -> bool:
        self.rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope or "anon")  # type: ignore[assignment]
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_ident(self, request: Any) -> str:
        return client_ip(request)
