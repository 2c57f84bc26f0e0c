"""One error vocabulary for services; the API and the pages render it the same way."""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A rule of the domain refused the action. ``message`` is shown to the user."""

    status_code = 400
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}


class NotAllowed(ApplicationError):
    status_code = 403
    code = "permission_denied"


class InvalidTransition(ApplicationError):
    status_code = 409
    code = "invalid_transition"


class Conflict(ApplicationError):
    status_code = 409
    code = "conflict"
