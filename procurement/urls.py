from __future__ import annotations

from django.urls import path

from procurement.calls.feeds import call_ics, followed_ics, open_calls_atom_feed, open_calls_feed
from procurement.calls.views.officer import (
    call_action,
    call_amend,
    call_create,
    call_document_download,
    call_document_upload,
    call_edit,
    call_manage,
    question_answer,
    workspace,
)
from procurement.calls.views.public import apply, ask, call_detail, follow, my_questions, opportunities
from procurement.challenges.views import (
    challenge_action,
    challenge_attachment_download,
    challenge_attachment_upload,
    challenge_create,
    challenge_detail,
    challenge_edit,
    challenge_manage,
    challenges,
)

app_name = "procurement"
urlpatterns = [
    path("", opportunities, name="opportunities"),
    path("feed/", open_calls_feed, name="feed"),
    path("feed/atom/", open_calls_atom_feed, name="feed_atom"),
    path("challenges/", challenges, name="challenges"),
    path("questions/", my_questions, name="my_questions"),
    path("challenges/<int:pk>/", challenge_detail, name="challenge"),
    path("calls/<int:pk>/", call_detail, name="call"),
    path("calls/<int:pk>/calendar.ics", call_ics, name="call_ics"),
    path("following/<str:token>/calendar.ics", followed_ics, name="followed_ics"),
    path("calls/<int:pk>/apply/", apply, name="apply"),
    path("calls/<int:pk>/follow/", follow, name="follow"),
    path("calls/<int:pk>/questions/", ask, name="ask"),
    path("calls/<int:pk>/documents/<int:document_id>/", call_document_download, name="call_document"),
    path(
        "challenges/<int:pk>/attachments/<int:attachment_id>/",
        challenge_attachment_download,
        name="challenge_attachment",
    ),
    # the officer's workspace
    path("manage/", workspace, name="workspace"),
    path("manage/bodies/<int:body_id>/challenges/new/", challenge_create, name="officer_challenge_new"),
    path("manage/challenges/<int:pk>/", challenge_manage, name="officer_challenge"),
    path("manage/challenges/<int:pk>/edit/", challenge_edit, name="officer_challenge_edit"),
    path(
        "manage/challenges/<int:pk>/attachments/",
        challenge_attachment_upload,
        name="officer_challenge_attach",
    ),
    path(
        "manage/challenges/<int:pk>/do/<slug:action>/",
        challenge_action,
        name="officer_challenge_action",
    ),
    path("manage/bodies/<int:body_id>/calls/new/", call_create, name="officer_call_new"),
    path("manage/calls/<int:pk>/", call_manage, name="officer_call"),
    path("manage/calls/<int:pk>/edit/", call_edit, name="officer_call_edit"),
    path("manage/calls/<int:pk>/amend/", call_amend, name="officer_call_amend"),
    path("manage/calls/<int:pk>/documents/", call_document_upload, name="officer_call_documents"),
    path("manage/calls/<int:pk>/do/<slug:action>/", call_action, name="officer_call_action"),
    path("manage/questions/<int:pk>/answer/", question_answer, name="officer_question_answer"),
]
