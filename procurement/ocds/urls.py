from __future__ import annotations

from django.urls import path

from procurement.ocds import redflag_views, views

app_name = "ocds"
urlpatterns = [
    path("", views.open_data, name="open_data"),
    path("red-flags/methodology/", views.red_flags_methodology, name="red_flags_methodology"),
    path("red-flags/", redflag_views.dashboard, name="red_flags_dashboard"),
    path("red-flags/flags.csv", redflag_views.dashboard_csv, name="red_flags_csv"),
    path("red-flags/buyers/", redflag_views.buyers, name="red_flags_buyers"),
    path("red-flags/buyers/<path:buyer_id>/", redflag_views.buyer_profile, name="red_flags_buyer"),
]

# Data files at stable addresses, outside the language prefix (``/open-data/ocds/...``).
data_urlpatterns = [
    path("open-data/ocds/releases.json", views.bulk_file, name="ocds-bulk"),
    path("open-data/ocds/<str:name>", views.extension_file, name="ocds-extension"),
]
