from __future__ import annotations

from django.urls import path

from procurement.awards import views

app_name = "awards"
urlpatterns = [
    path("", views.public_awards, name="public"),
    path("calls/<int:pk>/decide/", views.decide, name="decide"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("decisions/<int:pk>/report.pdf", views.decision_report, name="report"),
    path("applications/<int:pk>/", views.debrief, name="debrief"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint"),
    path("complaints/<int:pk>/documents/<int:document_id>/", views.complaint_document, name="complaint_document"),
    path("contracts/<int:pk>/", views.award_detail, name="award"),
    path("contracts/<int:pk>/do/<slug:action>/", views.award_action, name="award_action"),
    path("milestones/<int:pk>/status/", views.milestone_status, name="milestone_status"),
]
