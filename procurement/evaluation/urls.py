from __future__ import annotations

from django.urls import path

from procurement.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.assignments, name="assignments"),
    path("calls/<int:call_id>/", views.call_page, name="call"),
    path("calls/<int:call_id>/declarations/<int:application_id>/", views.declare, name="declare"),
    path("calls/<int:call_id>/applications/<int:application_id>/", views.application_page, name="application"),
    path("calls/<int:call_id>/submit/", views.submit, name="submit"),
    path("calls/<int:call_id>/board/", views.board, name="board"),
    path("calls/<int:call_id>/board/settings/", views.board_settings, name="board_settings"),
    path("calls/<int:call_id>/board/members/", views.board_member_add, name="board_member_add"),
    path(
        "calls/<int:call_id>/board/members/<int:member_id>/remove/",
        views.board_member_remove,
        name="board_member_remove",
    ),
    path(
        "calls/<int:call_id>/board/members/<int:member_id>/reopen/",
        views.board_member_reopen,
        name="board_member_reopen",
    ),
    path("calls/<int:call_id>/board/reveal/", views.board_reveal, name="board_reveal"),
]
