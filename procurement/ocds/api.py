"""``/api/v1/ocds/``: the portal's open contracting data, for anyone (read-only, no account needed)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from govtech.core.api import Pagination
from procurement.ocds import packages, selectors

MSG_BAD_SINCE = _("Give “since” as a date (2025-01-31) or a date and time with a time zone (2025-01-31T12:00:00Z).")


class ReleasePagination(Pagination):
    page_size = 100
    max_page_size = 1000


def parse_since(raw: str | None) -> datetime.datetime | None:
    if not raw:
        return None
    try:
        moment = parse_datetime(raw)
        if moment is None:
            day = parse_date(raw)
            if day is not None:
                moment = datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)
    except ValueError:
        moment = None
    if moment is None or not (1 <= moment.year <= 9998):
        raise serializers.ValidationError({"since": [str(MSG_BAD_SINCE)]})
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, datetime.UTC)


class ReleasePackageView(APIView):
    """Every release the portal published, as one OCDS release package per page (``links.next`` to go on)."""

    permission_classes = [AllowAny]

    @extend_schema(
        summary="OCDS release package of the published releases (paginated, oldest first)",
        parameters=[
            OpenApiParameter("since", OpenApiTypes.STR, description="Only releases dated from this date or time"),
            OpenApiParameter("page", OpenApiTypes.INT),
            OpenApiParameter("page_size", OpenApiTypes.INT),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        since = parse_since(request.query_params.get("since"))
        paginator = ReleasePagination()
        page = paginator.paginate_queryset(selectors.releases_since(since), request, view=self) or []
        package: dict[str, Any] = packages.release_package(
            [release.data for release in page], uri=request.build_absolute_uri()
        )
        links = {"next": paginator.get_next_link(), "prev": paginator.get_previous_link()}
        links = {key: value for key, value in links.items() if value}
        if links:
            package["links"] = links
        return Response(package)


class RecordPackageView(APIView):
    """The record of one contracting process: its releases, the compiled release and the versioned history."""

    permission_classes = [AllowAny]

    @extend_schema(summary="OCDS record package of one contracting process", responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, ocid: str) -> Response:
        if len(ocid) > 200 or not ocid.isprintable():  # nothing stored looks like this (and NUL cannot be queried)
            raise Http404
        releases = selectors.releases_of(ocid)
        if not releases:
            raise Http404
        record = packages.record(ocid, releases)
        return Response(packages.record_package([record], uri=request.build_absolute_uri()))
