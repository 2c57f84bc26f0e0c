from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from govtech.core import health, metrics, views
from procurement.ocds import urls as ocds_urls

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics_view, name="metrics"),
    path("api/v1/", include("govtech.api_urls")),
    path("i18n/setlang/", views.set_language, name="set_language"),
    *ocds_urls.data_urlpatterns,
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("open-data/", include("procurement.ocds.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("suppliers/", include("startups.urls")),
    path("opportunities/", include("procurement.urls")),
    path("applications/", include("procurement.applications.urls")),
    path("opportunities/", include("procurement.matching.urls")),
    path("public-bodies/", include("procurement.bodies.urls")),
    path("evaluation/", include("procurement.evaluation.urls")),
    path("awards/", include("procurement.awards.urls")),
    path("recommendations/", include("recommendations.urls")),
    path("inbox/", include("govtech.notifications.urls")),
    path("account/api-tokens/", include("govtech.tokens.urls")),
    path("audit/", include("govtech.audit.urls")),
    path("account/", include("govtech.accounts.urls")),
    prefix_default_language=True,
)

handler500 = "govtech.core.database_outage.server_error"
