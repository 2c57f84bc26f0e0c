"""Enqueue a Celery task after commit, without letting a Redis outage break the request.

``task.delay_on_commit()`` raises into the request when the broker is down (after Celery's
publish retries, which can take seconds): the page that published a call would then fail
although its transaction is committed. ``enqueue_on_commit`` publishes once, with short
timeouts, and on a broker failure logs and moves on. Use it only for work that a periodic
sweeper (for example the notification outbox's) picks up again from the database: that is
how background work catches up once Redis is back.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import current_app
from django.db import transaction
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from govtech.core.cache import CircuitBreaker

logger = logging.getLogger(__name__)

BROKER_DOWN_ERRORS = (KombuOperationalError, RedisConnectionError, RedisTimeoutError, OSError)


# The first publish to a dead broker waits for redis-py's own connection retries (seconds);
# the breaker spares the following requests that wait for a while.
broker_breaker = CircuitBreaker(cool_down=10)


def enqueue_now(task: str, *args: Any, **kwargs: Any) -> bool:
    """Publish the task named ``task`` once; False (and a warning) when the broker cannot be reached.

    Tasks are queued by their stable name (``@shared_task(name=...)``): the services that queue work never import
    the tasks modules, which import the services (tasks are adapters, like views)."""
    if broker_breaker.is_open():
        logger.info("Broker marked unreachable, %s not enqueued (the sweeper will catch up)", task)
        return False
    try:
        current_app.send_task(task, args=args, kwargs=kwargs, retry=False)
    except BROKER_DOWN_ERRORS as exc:
        broker_breaker.trip("the Celery broker", exc)
        logger.warning("Broker unreachable, %s not enqueued (the sweeper will catch up): %s", task, exc)
        return False
    return True


def enqueue_on_commit(task: str, *args: Any, **kwargs: Any) -> None:
    """``enqueue_now`` once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: enqueue_now(task, *args, **kwargs))
