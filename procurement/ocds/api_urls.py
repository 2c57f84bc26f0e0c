from __future__ import annotations

from django.urls import path

from procurement.ocds import api

urlpatterns = [
    path("ocds/releases/", api.ReleasePackageView.as_view(), name="ocds-releases"),
    path("ocds/records/<str:ocid>/", api.RecordPackageView.as_view(), name="ocds-record"),
]
