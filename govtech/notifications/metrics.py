"""The notification outbox on the portal's Prometheus endpoint (``govtech.core.metrics``), read at scrape time."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count

from govtech.core.metrics import register_gauge
from govtech.notifications.models import Notification, WebhookDelivery


def _outbox_rows() -> Iterable[tuple[dict[str, str], float]]:
    """Rows of each outbox (e-mail/inbox notifications, webhook deliveries) by status: backlog and failures."""
    for label, model in (("notification", Notification), ("webhook", WebhookDelivery)):
        counts = dict(model.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
        for status in model.Status.values:
            yield {"outbox": label, "status": status}, float(counts.get(status, 0))


def register() -> None:
    register_gauge("govtech_outbox_rows", "Notification outbox rows by kind of row and status", _outbox_rows)
