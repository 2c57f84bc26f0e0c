"""A clean 503 while the database is unreachable, instead of a 500.

When PostgreSQL restarts or goes away, psycopg raises ``OperationalError`` or
``InterfaceError``. The middleware turns such an error raised by a view into a short,
translated 503 page (JSON in the API's error format under ``/api/``) with ``Retry-After``;
``server_error`` (the project's ``handler500``) does the same for an error raised in
middleware (sessions, authentication). Django discards the broken connection at the end of
the request and ``CONN_HEALTH_CHECKS`` re-checks it, so the portal recovers by itself.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import defaults

from govtech.core.api import error_body

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
DATABASE_ERRORS = (OperationalError, InterfaceError)


def is_database_outage(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, DATABASE_ERRORS):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def outage_response(request: HttpRequest) -> HttpResponse:
    """The 503 answer. Renders without the request context: that would query the database."""
    language = translation.get_language_from_path(request.path_info) or translation.get_language() or "es"
    with translation.override(language):
        message = _("The service is temporarily unavailable. Please try again in a few moments.")
        response: HttpResponse
        if request.path_info.startswith("/api/"):
            response = JsonResponse(error_body(503, "service_unavailable", message), status=503)
        else:
            html = render_to_string("core/503.html", {"message": message, "LANGUAGE_CODE": translation.get_language()})
            response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    """Answers 503 when a view fails because the database is unreachable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_outage(exception):
            return None
        logger.error("Database unreachable: %s", exception.__class__.__name__, exc_info=exception)
        return outage_response(request)


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: a 503 when the error is a database outage, Django's 500 page otherwise."""
    if is_database_outage(sys.exc_info()[1]):
        return outage_response(request)
    return defaults.server_error(request)
