from __future__ import annotations

from django.urls import path

from procurement import feeds, views

app_name = "procurement"
urlpatterns = [
    path("", views.opportunities, name="opportunities"),
    path("feed/", feeds.open_calls_feed, name="feed"),
    path("calls/<int:pk>/", views.call_detail, name="call"),
    path("calls/<int:pk>/calendar.ics", feeds.call_ics, name="call_ics"),
    path("calls/<int:pk>/apply/", views.apply, name="apply"),
    path("calls/<int:pk>/follow/", views.follow, name="follow"),
]
