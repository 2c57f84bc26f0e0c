from __future__ import annotations

from django.urls import path

from startups.views import exports, manage, public, staff, team

app_name = "startups"
urlpatterns = [
    path("", public.directory, name="directory"),
    path("export.csv", public.export_csv, name="export_csv"),
    path("exports/", exports.export_create, name="export_create"),
    path("exports/<int:pk>/", exports.export_detail, name="export_detail"),
    path("exports/<int:pk>/status/", exports.export_status, name="export_status"),
    path("exports/<int:pk>/download/", exports.export_download, name="export_download"),
    path("register/", manage.register, name="register"),
    path("mine/", team.invitations, name="invitations"),
    path("import/", staff.import_upload, name="import_upload"),
    path("import/<int:pk>/", staff.import_detail, name="import_detail"),
    path("import/<int:pk>/start/", staff.import_start, name="import_start"),
    path("<slug:slug>/", public.detail, name="detail"),
    path("<slug:slug>/logo/", public.logo, name="logo"),
    path("<slug:slug>/edit/", manage.edit, name="edit"),
    path("<slug:slug>/register/references/", manage.onboarding_references, name="onboarding_references"),
    path("<slug:slug>/edit/logo/", manage.logo_edit, name="logo_edit"),
    path("<slug:slug>/solutions/new/", manage.solution_form, name="solution_new"),
    path("<slug:slug>/solutions/<int:pk>/", manage.solution_form, name="solution_edit"),
    path("<slug:slug>/solutions/<int:pk>/delete/", manage.solution_delete, name="solution_delete"),
    path("<slug:slug>/references/new/", manage.reference_form, name="reference_new"),
    path("<slug:slug>/references/<int:pk>/", manage.reference_form, name="reference_edit"),
    path("<slug:slug>/references/<int:pk>/delete/", manage.reference_delete, name="reference_delete"),
    path("<slug:slug>/documents/", manage.documents, name="documents"),
    path("<slug:slug>/documents/<int:pk>/", manage.document_download, name="document_download"),
    path("<slug:slug>/documents/<int:pk>/delete/", manage.document_delete, name="document_delete"),
    path("<slug:slug>/resubmit/", manage.resubmit, name="resubmit"),
    path("<slug:slug>/team/", team.team, name="team"),
    path("<slug:slug>/join/", team.join, name="join"),
    path("<slug:slug>/moderation/", staff.moderation, name="moderation"),
]
