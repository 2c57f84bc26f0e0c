from __future__ import annotations

from django.urls import path

from procurement import views_bodies as views

app_name = "bodies"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("propose/", views.propose, name="propose"),
    path("review/", views.queue, name="queue"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/logo/", views.logo, name="logo"),
]
