"""Prometheus metrics at ``/metrics``, protected by a bearer token (``METRICS_TOKEN``).

What is exported:
- ``govtech_http_requests_total`` and ``govtech_http_request_duration_seconds`` by method, route (the view's name, not the
  raw path: bounded cardinality, the same for every language) and status class, counted by ``MetricsMiddleware``;
- at scrape time, read from the systems of record: Celery queue depths (Redis list lengths of every queue the
  project routes to), and what apps register with ``register_gauge`` (the notification outbox's backlog and
  failures, matching runs).

Several gunicorn workers: set ``PROMETHEUS_MULTIPROC_DIR`` to an empty directory shared by the workers (the
prometheus_client multiprocess mode); the scrape then sums every worker's counters. Without it, each process
reports its own counters (fine for one process, e.g. ``runserver``).
"""

from __future__ import annotations

import hmac
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from govtech.core.health import redis_client

logger = logging.getLogger(__name__)

REQUESTS = Counter("govtech_http_requests", "HTTP requests answered", ["method", "route", "status"])
LATENCY = Histogram(
    "govtech_http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)

# name -> (help, callable returning [(labels, value)])
_GAUGES: dict[str, tuple[str, Callable[[], Iterable[tuple[dict[str, str], float]]]]] = {}


def register_gauge(name: str, help_text: str, read: Callable[[], Iterable[tuple[dict[str, str], float]]]) -> None:
    """Let an app export a gauge read at scrape time (``read`` returns ``[(labels, value), ...]``)."""
    _GAUGES[name] = (help_text, read)


def _route(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unmatched"
    return str(match.view_name or match.route or "unknown")[:120]


class MetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        route = _route(request)
        LATENCY.labels(request.method or "", route).observe(time.perf_counter() - started)
        REQUESTS.labels(request.method or "", route, f"{response.status_code // 100}xx").inc()
        return response


def queue_names() -> list[str]:
    names = {"celery"}
    for route in (getattr(settings, "CELERY_TASK_ROUTES", None) or {}).values():
        if isinstance(route, dict) and route.get("queue"):
            names.add(str(route["queue"]))
    return sorted(names)


class PortalCollector(Collector):
    """Gauges read from Redis and PostgreSQL when Prometheus scrapes."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        yield self._queues()
        for name, (help_text, read) in _GAUGES.items():
            rows = list(read())
            family = GaugeMetricFamily(name, help_text, labels=sorted({k for labels, _ in rows for k in labels}))
            for labels, value in rows:
                family.add_metric([labels.get(k, "") for k in family._labelnames], value)
            yield family

    def _queues(self) -> GaugeMetricFamily:
        family = GaugeMetricFamily("govtech_celery_queue_depth", "Tasks waiting in each Celery queue", labels=["queue"])
        try:
            client = redis_client()
            for name in queue_names():
                family.add_metric([name], float(client.llen(name)))
        except Exception:
            logger.warning("metrics: Redis unreachable, queue depths left out", exc_info=True)
        return family


def registry() -> CollectorRegistry:
    reg = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(reg)
    else:
        reg.register(REQUESTS)
        reg.register(LATENCY)
    reg.register(PortalCollector())
    return reg


def _authorised(request: HttpRequest) -> bool:
    token = getattr(settings, "METRICS_TOKEN", "")
    given = request.headers.get("Authorization", "")
    return bool(token) and given.startswith("Bearer ") and hmac.compare_digest(given[7:].strip(), token)


@never_cache
@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not getattr(settings, "METRICS_TOKEN", ""):
        return JsonResponse({"detail": "Metrics are off: set METRICS_TOKEN to turn them on."}, status=404)
    if not _authorised(request):
        response = JsonResponse({"detail": "A valid bearer token is required (METRICS_TOKEN)."}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
