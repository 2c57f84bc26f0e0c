"""Webhooks: a signed JSON POST to an integrator's endpoint; redirects are not followed."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from typing import Any

from django.conf import settings

from govtech.notifications.channels.base import Channel, DeliveryError
from govtech.notifications.models import WebhookDelivery
from govtech.notifications.webhooks import SIGNATURE_HEADER, TargetRefused, check_target, sign

TRANSIENT_STATUSES = {408, 425, 429}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect could point anywhere (SSRF): treat it as the answer


_opener = urllib.request.build_opener(_NoRedirect)


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
            check_target(subscription.target_url)
        except TargetRefused as exc:
            raise DeliveryError(str(exc), permanent=True) from exc
        body = json.dumps(row.payload, separators=(",", ":"), sort_keys=True).encode()
        timestamp = int(time.time())
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked by check_target
            subscription.target_url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "User-Agent": f"{settings.PORTAL_NAME} webhooks",
                SIGNATURE_HEADER: f"t={timestamp},v1={sign(subscription.secret, timestamp, body)}",
                "X-Govtech-Event": row.kind,
                "X-Govtech-Delivery": str(row.pk),
            },
        )
        try:
            with _opener.open(request, timeout=settings.WEBHOOKS_TIMEOUT_SECONDS) as response:
                status = int(response.status)
        except urllib.error.HTTPError as exc:
            status = int(exc.code)
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
        if 200 <= status < 300:
            return {"response_status": status}
        permanent = status < 500 and status not in TRANSIENT_STATUSES
        raise DeliveryError(f"HTTP {status}", permanent=permanent, extra={"response_status": status})
