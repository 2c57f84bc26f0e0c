from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from procurement.applications import api

router = SimpleRouter()
router.register("applications", api.ApplicationViewSet, basename="application")
router.register("application-partner-requests", api.PartnerRequestViewSet, basename="application-partner-request")

urlpatterns = [
    path("calls/<int:call_id>/applications/", api.CallApplicationsView.as_view(), name="call-applications"),
    path("calls/<int:call_id>/applications/open/", api.CallOpenView.as_view(), name="call-applications-open"),
    *router.urls,
]
