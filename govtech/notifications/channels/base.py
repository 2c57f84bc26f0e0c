"""What a channel is, and how it reports a failed send."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

from govtech.notifications.models import OutboxRow


class DeliveryError(Exception):
    """A send failed. ``permanent`` errors are not retried (a refused address, a 4xx answer)."""

    def __init__(self, message: str, *, permanent: bool = False, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.extra = extra or {}


class Channel:
    """A way to deliver outbox rows of ``model``. ``send`` raises ``DeliveryError`` on failure
    and may return extra fields to record with the success."""

    name: ClassVar[str]
    model: ClassVar[type[OutboxRow]]

    def load(self, ids: list[int]) -> Iterable[OutboxRow]:
        return self.model._default_manager.filter(pk__in=ids).order_by("pk")

    @contextmanager
    def session(self) -> Iterator[None]:
        """Hold a connection open for a batch (SMTP); by default nothing to hold."""
        yield

    def send(self, row: Any) -> dict[str, Any] | None:
        raise NotImplementedError
