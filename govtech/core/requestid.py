"""The request id: set per HTTP request, carried into Celery tasks, stamped on every log line."""

from __future__ import annotations

import contextvars
import uuid

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def get_request_id() -> str:
    return _request_id.get()


def set_request_id(value: str | None) -> contextvars.Token[str]:
    return _request_id.set(value or "-")


def reset_request_id(token: contextvars.Token[str]) -> None:
    _request_id.reset(token)


def new_request_id() -> str:
    return uuid.uuid4().hex
