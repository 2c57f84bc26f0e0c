from __future__ import annotations

from django.urls import path

from procurement import views

app_name = "procurement"
urlpatterns = [
    path("", views.opportunities, name="opportunities"),
    path("challenges/", views.challenges, name="challenges"),
    path("challenges/<int:pk>/", views.challenge_detail, name="challenge"),
    path("calls/<int:pk>/", views.call_detail, name="call"),
    path("calls/<int:pk>/apply/", views.apply, name="apply"),
    path("calls/<int:pk>/follow/", views.follow, name="follow"),
]
