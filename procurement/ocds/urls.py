from __future__ import annotations

from django.urls import path

from procurement.ocds import views

app_name = "ocds"
urlpatterns = [
    path("", views.open_data, name="open_data"),
    path("red-flags/methodology/", views.red_flags_methodology, name="red_flags_methodology"),
]

# Data files at stable addresses, outside the language prefix (``/open-data/ocds/...``).
data_urlpatterns = [
    path("open-data/ocds/releases.json", views.bulk_file, name="ocds-bulk"),
    path("open-data/ocds/<str:name>", views.extension_file, name="ocds-extension"),
]
