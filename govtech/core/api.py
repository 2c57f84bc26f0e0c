"""Shared REST plumbing: pagination and the single error format of every 4xx."""

from __future__ import annotations

import functools
import json
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.db.models import ProtectedError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder
from rest_framework.views import exception_handler as drf_exception_handler

from govtech.core import fragments, pagecache
from govtech.core.errors import ApplicationError
from govtech.core.pagination import DeferredJoinPaginator


class CachedAnonymousListMixin:
    """List answers for anonymous callers, cached per address, language and format until a public write.

    The same invalidation as the visitors' pages (``govtech.core.pagecache``): the key carries the versions
    of the public models, and copies expire after ``pagecache.TIMEOUT`` seconds. Authentication,
    permissions and throttling have run before ``list`` is called, so a cached answer still counts
    against the caller's rate; callers who are signed in (who may see more) are never served from it.
    """

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not pagecache.cacheable_request(request):
            return super().list(request, *args, **kwargs)  # type: ignore[misc]
        with fragments.versions_held():  # the key's versions serve the answer's fragments too
            return self._cached_list(request, *args, **kwargs)

    def _cached_list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = pagecache.request_key(request, pagecache.NAMES, "api", request.accepted_media_type or "")
        data = cache.get(key)
        if data is not None:
            return Response(data)
        response: Response = super().list(request, *args, **kwargs)  # type: ignore[misc]
        if response.status_code == 200:
            cache.set(key, json.loads(json.dumps(response.data, cls=JSONEncoder)), pagecache.TIMEOUT)
        return response


class Pagination(PageNumberPagination):
    """``{count, next, previous, results}`` on every list. ``page`` must be a whole number from 1 (or ``last``):
    anything else is a 400 naming it; a page past the end is a 404; ``page_size`` is capped at 100, and a
    ``page_size`` that is not a positive number is ignored (the default 25)."""

    django_paginator_class = DeferredJoinPaginator  # deep pages stay fast (govtech.core.pagination)
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any] | None:
        raw = request.query_params.get(self.page_query_param)
        if raw and raw not in self.last_page_strings:
            number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else 0
            if number < 1:
                raise exceptions.ValidationError(
                    {self.page_query_param: [_("A page number is a whole number from 1 (or “last”).")]}
                )
        # a view whose rows are read by id after the page's ids (``DeferredJoinPaginator``'s ``rows``)
        rows = view.page_rows() if view is not None and hasattr(view, "page_rows") else None
        if rows is not None:
            self.django_paginator_class = functools.partial(DeferredJoinPaginator, rows=rows)  # type: ignore[assignment]
        return super().paginate_queryset(queryset, request, view)


def paginated(view: Any, items: Any, serializer: Any, **kwargs: Any) -> Response:
    """A list answered in the paginated shape of every list (for a viewset's actions that list something)."""
    page = view.paginate_queryset(items)
    if page is None:
        return Response(serializer(items, many=True, **kwargs).data)
    return view.get_paginated_response(serializer(page, many=True, **kwargs).data)


def _flatten(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            if isinstance(value, dict):
                for sub, msgs in _flatten(value).items():
                    out[f"{key}.{sub}"] = msgs
            elif isinstance(value, list):
                out[str(key)] = [str(v) for v in value if not isinstance(v, dict)] or [str(value)]
            else:
                out[str(key)] = [str(value)]
        return out
    if isinstance(detail, list):
        return {"non_field_errors": [str(v) for v in detail]}
    return {}


def error_body(status_code: int, code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"error": {"status": status_code, "code": code, "message": message, "fields": fields or {}}}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every API error answers ``{"error": {"status", "code", "message", "fields"}}``; a domain error's extra
    details (``ApplicationError.extra``, e.g. ``missing`` for an incomplete application) are added beside them,
    and its ``extra["fields"]`` (field -> messages), when given, names every field at fault, not only the first."""
    if isinstance(exc, ApplicationError):
        extra = dict(exc.extra)
        fields = extra.pop("fields", None) or ({exc.field: [exc.message]} if exc.field else {})
        body = error_body(exc.status_code, exc.code, exc.message, fields)
        body["error"].update({key: value for key, value in extra.items() if key not in body["error"]})
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DataError):
        # A value the database refuses (out of range, unstorable text) that no validator caught: the
        # transaction is rolled back, so nothing is half-written; say so instead of a 500.
        return Response(
            error_body(400, "invalid", "A value is out of range or contains characters that cannot be stored."),
            status=status.HTTP_400_BAD_REQUEST,
        )
    elif isinstance(exc, ProtectedError | IntegrityError):
        return Response(
            error_body(409, "conflict", "The request conflicts with data already stored."),
            status=status.HTTP_409_CONFLICT,
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    assert isinstance(exc, exceptions.APIException)
    if isinstance(exc, exceptions.ValidationError):
        message = "The input is not valid."
        fields = _flatten(exc.detail)
    else:
        message = str(exc.detail) if not isinstance(exc.detail, dict | list) else str(exc.default_detail)
        fields = {}
    code = exc.get_codes() if not isinstance(exc, exceptions.ValidationError) else "invalid"
    response.data = error_body(response.status_code, code if isinstance(code, str) else "invalid", message, fields)
    return response


def api_not_found(request: Any, *args: Any, **kwargs: Any) -> Any:

    body = error_body(404, "not_found", "There is no API endpoint at this address. See /api/v1/docs/.")
    return JsonResponse(body, status=404)
