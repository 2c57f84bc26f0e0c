"""Everything under ``/api/v1/``: each app adds its routes in its own ``api_urls.py``; ``/api/v1/`` itself
lists the entry points (the first segment of every route), with the documentation and the portal's languages."""

from typing import Any

from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path, re_path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from govtech.core.api import api_not_found

DOCS = {"schema", "docs", "redoc"}


def _entry_points(patterns: list[Any]) -> list[str]:
    """The first path segment of every route without a parameter in it (``calls``, ``suppliers``, ``me``…)."""
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            names |= set(_entry_points(pattern.url_patterns)) if not str(pattern.pattern) else set()
            continue
        if not isinstance(pattern, URLPattern):
            continue
        text = str(pattern.pattern).removeprefix("^").removesuffix("$").replace("\\", "")
        first = text.split("/", 1)[0]
        if first and first not in DOCS and not any(ch in first for ch in "<(?.*[") and text.endswith("/"):
            names.add(first)
    return sorted(names)


@extend_schema(
    responses=OpenApiTypes.OBJECT,
    summary="The API's entry points, its documentation, and the portal it belongs to",
)
@api_view(["GET"])
@permission_classes([AllowAny])
def api_root(request: Request) -> Response:
    base = request.build_absolute_uri(reverse("api-root"))
    return Response(
        {
            "name": f"{settings.PORTAL_NAME} API",
            "version": "v1",
            "portal": request.build_absolute_uri("/"),
            "languages": [code for code, _name in settings.LANGUAGES],
            "documentation": {
                "swagger": request.build_absolute_uri(reverse("api-docs")),
                "redoc": request.build_absolute_uri(reverse("api-redoc")),
                "schema": request.build_absolute_uri(reverse("api-schema")),
            },
            "endpoints": {name: f"{base}{name}/" for name in _entry_points(urlpatterns)},
        }
    )


urlpatterns = [
    path("", api_root, name="api-root"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("", include("startups.api_urls")),
    path("", include("procurement.api_urls")),
    path("", include("procurement.applications.api_urls")),
    path("", include("procurement.evaluation.api_urls")),
    path("", include("procurement.awards.api_urls")),
    path("", include("procurement.matching.api_urls")),
    path("", include("procurement.ocds.api_urls")),
    path("", include("recommendations.api_urls")),
    path("", include("govtech.notifications.api_urls")),
    path("", include("govtech.tokens.api_urls")),
    path("", include("govtech.audit.api_urls")),
    re_path(r"^.*$", api_not_found),  # last: unknown API paths answer JSON, not an HTML page
]
