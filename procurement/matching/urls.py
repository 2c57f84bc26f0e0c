from __future__ import annotations

from django.urls import path

from procurement.matching import views

app_name = "matching"
urlpatterns = [
    path("recommended/", views.recommended, name="recommended"),
    path("recommended/<int:pk>/dismiss/", views.dismiss, name="dismiss"),
    path("manage/calls/<int:pk>/suggested-suppliers/", views.suggestions, {"kind": "call"}, name="call_suggestions"),
    path(
        "manage/calls/<int:pk>/suggested-suppliers/<int:supplier_id>/invite/",
        views.invite,
        {"kind": "call"},
        name="call_invite",
    ),
    path(
        "manage/challenges/<int:pk>/suggested-suppliers/",
        views.suggestions,
        {"kind": "challenge"},
        name="challenge_suggestions",
    ),
    path(
        "manage/challenges/<int:pk>/suggested-suppliers/<int:supplier_id>/invite/",
        views.invite,
        {"kind": "challenge"},
        name="challenge_invite",
    ),
]
