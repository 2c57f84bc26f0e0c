"""Everything under ``/api/v1/``: each app adds its routes in its own ``api_urls.py``."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from govtech.core.api import api_not_found

urlpatterns = [
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
