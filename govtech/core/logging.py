from __future__ import annotations

import logging

from govtech.core.requestid import get_request_id


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record, so formatters can always print it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = get_request_id()
        return True
