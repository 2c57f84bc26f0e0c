from __future__ import annotations

from django.urls import path

from procurement.ocds import api, redflag_api

urlpatterns = [
    path("ocds/releases/", api.ReleasePackageView.as_view(), name="ocds-releases"),
    path("ocds/records/<str:ocid>/", api.RecordPackageView.as_view(), name="ocds-record"),
    path("red-flags/", redflag_api.FlagList.as_view(), name="red-flags"),
    path("red-flags/indicators/", redflag_api.IndicatorCountList.as_view(), name="red-flags-indicators"),
    path("red-flags/buyers/", redflag_api.BuyerList.as_view(), name="red-flags-buyers"),
    path("red-flags/buyers/<str:buyer_id>/", redflag_api.BuyerProfileView.as_view(), name="red-flags-buyer"),
    path("red-flags/fences/", redflag_api.FenceList.as_view(), name="red-flags-fences"),
    path("red-flags/processes/<str:ocid>/", redflag_api.ProcessFlagList.as_view(), name="red-flags-process"),
]
