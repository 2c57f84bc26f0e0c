from __future__ import annotations

from django.urls import path

from procurement import feeds, views, views_officer

app_name = "procurement"
urlpatterns = [
    path("", views.opportunities, name="opportunities"),
    path("feed/", feeds.open_calls_feed, name="feed"),
    path("feed/atom/", feeds.open_calls_atom_feed, name="feed_atom"),
    path("challenges/", views.challenges, name="challenges"),
    path("challenges/<int:pk>/", views.challenge_detail, name="challenge"),
    path("calls/<int:pk>/", views.call_detail, name="call"),
    path("calls/<int:pk>/calendar.ics", feeds.call_ics, name="call_ics"),
    path("following/<str:token>/calendar.ics", feeds.followed_ics, name="followed_ics"),
    path("calls/<int:pk>/apply/", views.apply, name="apply"),
    path("calls/<int:pk>/follow/", views.follow, name="follow"),
    path("calls/<int:pk>/questions/", views.ask, name="ask"),
    path("calls/<int:pk>/documents/<int:document_id>/", views_officer.call_document_download, name="call_document"),
    path(
        "challenges/<int:pk>/attachments/<int:attachment_id>/",
        views_officer.challenge_attachment_download,
        name="challenge_attachment",
    ),
    # the officer's workspace
    path("manage/", views_officer.workspace, name="workspace"),
    path("manage/bodies/<int:body_id>/challenges/new/", views_officer.challenge_create, name="officer_challenge_new"),
    path("manage/challenges/<int:pk>/", views_officer.challenge_manage, name="officer_challenge"),
    path("manage/challenges/<int:pk>/edit/", views_officer.challenge_edit, name="officer_challenge_edit"),
    path(
        "manage/challenges/<int:pk>/attachments/",
        views_officer.challenge_attachment_upload,
        name="officer_challenge_attach",
    ),
    path(
        "manage/challenges/<int:pk>/do/<slug:action>/",
        views_officer.challenge_action,
        name="officer_challenge_action",
    ),
    path("manage/bodies/<int:body_id>/calls/new/", views_officer.call_create, name="officer_call_new"),
    path("manage/calls/<int:pk>/", views_officer.call_manage, name="officer_call"),
    path("manage/calls/<int:pk>/edit/", views_officer.call_edit, name="officer_call_edit"),
    path("manage/calls/<int:pk>/amend/", views_officer.call_amend, name="officer_call_amend"),
    path("manage/calls/<int:pk>/documents/", views_officer.call_document_upload, name="officer_call_documents"),
    path("manage/calls/<int:pk>/do/<slug:action>/", views_officer.call_action, name="officer_call_action"),
    path("manage/questions/<int:pk>/answer/", views_officer.question_answer, name="officer_question_answer"),
]
