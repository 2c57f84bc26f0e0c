"""Liveness and readiness probes, outside any language prefix."""

from __future__ import annotations

import time

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def redis_client(timeout: float = 1.0) -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=timeout, socket_connect_timeout=timeout)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


def _check_broker_and_worker() -> tuple[str, str]:
    try:
        client = redis_client()
        client.ping()
        beat = client.get(settings.WORKER_HEARTBEAT_KEY)
    except Exception as exc:
        return f"error: {exc.__class__.__name__}", "unknown: broker down"
    if beat is None:
        return "ok", "error: no heartbeat from any worker"
    age = time.time() - float(beat)
    if age > settings.WORKER_HEARTBEAT_MAX_AGE:
        return "ok", f"error: last heartbeat {int(age)} s ago"
    return "ok", "ok"


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    database = _check_database()
    broker, worker = _check_broker_and_worker()
    body = {"database": database, "broker": broker, "worker": worker}
    ready = all(value == "ok" for value in body.values())
    return JsonResponse(body, status=200 if ready else 503)
