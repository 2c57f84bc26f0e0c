"""Webhooks: a signed JSON POST to an integrator's endpoint; redirects are not followed.

The target's host is resolved and checked once per send (``resolve_target``) and the connection goes to the
address that was checked, with the original host name in the ``Host`` header and, over HTTPS, in the TLS
SNI and the certificate check: a second DNS answer (rebinding) never reaches the socket.
"""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import time
from collections.abc import Iterable
from typing import Any

from django.conf import settings

from govtech.notifications.channels.base import Channel, DeliveryError
from govtech.notifications.models import WebhookDelivery
from govtech.notifications.webhooks import SIGNATURE_HEADER, Target, TargetRefused, resolve_target, sign

TRANSIENT_STATUSES = {408, 425, 429}
RESPONSE_READ_BYTES = 64 * 1024  # what we read of an answer: its status is all that matters


def tls_context() -> ssl.SSLContext:
    """The system's trust store, host names checked (a test may swap in its own authority)."""
    return ssl.create_default_context()


class _Pinned:
    """Mixed into http.client's connections: connect to ``address``, whatever ``host`` resolves to now."""

    def pin(self, address: str) -> None:
        def create_connection(
            destination: tuple[str, int], timeout: Any = None, source_address: Any = None
        ) -> socket.socket:
            return socket.create_connection((address, destination[1]), timeout, source_address)

        self._create_connection = create_connection


class PinnedHTTPConnection(_Pinned, http.client.HTTPConnection):
    pass


class PinnedHTTPSConnection(_Pinned, http.client.HTTPSConnection):
    """TLS to the pinned address, with SNI and the certificate's name checked against ``host``
    (``HTTPSConnection.connect`` wraps the socket with ``server_hostname=self.host``)."""


def open_connection(target: Target, timeout: float) -> http.client.HTTPConnection:
    connection: http.client.HTTPConnection
    if target.scheme == "https":
        connection = PinnedHTTPSConnection(target.host, target.port, timeout=timeout, context=tls_context())
    else:
        connection = PinnedHTTPConnection(target.host, target.port, timeout=timeout)
    connection.pin(target.address)
    return connection


class WebhookChannel(Channel):
    name = "webhook"
    model = WebhookDelivery

    def load(self, ids: list[int]) -> Iterable[WebhookDelivery]:
        return WebhookDelivery.objects.filter(pk__in=ids).select_related("subscription").order_by("pk")

    def send(self, row: WebhookDelivery) -> dict[str, Any] | None:
        subscription = row.subscription
        if not subscription.is_active:
            raise DeliveryError("the subscription was deactivated", permanent=True)
        try:
            target = resolve_target(subscription.target_url)
        except TargetRefused as exc:
            raise DeliveryError(str(exc), permanent=True) from exc
        body = json.dumps(row.payload, separators=(",", ":"), sort_keys=True).encode()
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/json",
            "User-Agent": f"{settings.PORTAL_NAME} webhooks",
            SIGNATURE_HEADER: f"t={timestamp},v1={sign(subscription.secret, timestamp, body)}",
            "X-Govtech-Event": row.kind,
            "X-Govtech-Delivery": str(row.pk),
        }
        connection = open_connection(target, settings.WEBHOOKS_TIMEOUT_SECONDS)
        try:
            connection.request("POST", target.path, body=body, headers=headers)
            response = connection.getresponse()
            status = int(response.status)  # a redirect is the answer: never followed (SSRF)
            response.read(RESPONSE_READ_BYTES)
        except (http.client.HTTPException, OSError, TimeoutError) as exc:
            raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
        finally:
            connection.close()
        if 200 <= status < 300:
            return {"response_status": status}
        permanent = status < 500 and status not in TRANSIENT_STATUSES
        raise DeliveryError(f"HTTP {status}", permanent=permanent, extra={"response_status": status})
