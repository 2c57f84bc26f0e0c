from __future__ import annotations

from django.urls import path

from procurement.bodies.views import detail, directory, invitation, logo, members, propose, queue

app_name = "bodies"


urlpatterns = [
    path("", directory, name="directory"),
    path("propose/", propose, name="propose"),
    path("review/", queue, name="queue"),
    path("invitations/<str:token>/", invitation, name="invitation"),
    path("<slug:slug>/", detail, name="detail"),
    path("<slug:slug>/members/", members, name="members"),
    path("<slug:slug>/logo/", logo, name="logo"),
]
