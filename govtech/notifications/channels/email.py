"""E-mail over SMTP: one connection per batch, HTML and plain-text parts, unsubscribe headers."""

from __future__ import annotations

import contextlib
import smtplib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.mail import get_connection

from govtech.notifications.channels.base import Channel, DeliveryError
from govtech.notifications.models import Notification
from govtech.notifications.rendering import notification_email


def classify_smtp_error(exc: Exception) -> DeliveryError:
    """4xx answers and lost connections are transient; 5xx answers are permanent."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        permanent = bool(codes) and all(500 <= code < 600 for code in codes)
        return DeliveryError(f"recipients refused: {exc.recipients}", permanent=permanent)
    if isinstance(exc, smtplib.SMTPResponseException):
        message = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return DeliveryError(f"SMTP {exc.smtp_code}: {message}", permanent=500 <= exc.smtp_code < 600)
    return DeliveryError(f"{type(exc).__name__}: {exc}", permanent=False)


class EmailChannel(Channel):
    name = "email"
    model = Notification

    def __init__(self) -> None:
        self.connection: Any = None
        self.rendered: dict[Any, Any] = {}  # bodies rendered in this batch, per event and language

    def load(self, ids: list[int]) -> Iterable[Notification]:
        return Notification.objects.filter(pk__in=ids).select_related("recipient").order_by("pk")

    @contextmanager
    def session(self) -> Iterator[None]:
        try:
            yield
        finally:
            self._close()

    def _close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(Exception):  # closing a broken connection may fail; nothing to do
                self.connection.close()
            self.connection = None

    def send(self, row: Notification) -> dict[str, Any] | None:
        if not row.recipient.is_active or not row.recipient.email:
            raise DeliveryError("the recipient has no active e-mail address", permanent=True)
        message = notification_email(row, self.rendered)
        try:
            if self.connection is None:
                self.connection = get_connection(fail_silently=False)
                self.connection.open()
            message.connection = self.connection
            message.send(fail_silently=False)
        except (smtplib.SMTPException, OSError) as exc:
            self._close()  # the session may be in any state: start the next message afresh
            raise classify_smtp_error(exc) from exc
        return None
