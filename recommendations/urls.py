"""Pages under ``/<lang>/recommendations/``. Fixed paths come before the slug route."""

from django.urls import path

from recommendations.views import assessments, catalogue, curation, dashboard, instruments

app_name = "recommendations"
urlpatterns = [
    path("", catalogue.catalogue, name="catalogue"),
    path("n/<int:number>/", catalogue.by_number, name="by-number"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/indicators.csv", dashboard.dashboard_csv, name="dashboard-csv"),
    path("instruments/", instruments.directory, name="instruments"),
    path("instruments/<slug:slug>/", instruments.detail, name="instrument"),
    path("assessments/", assessments.index, name="assessments"),
    path("assessments/<slug:slug>/", assessments.detail, name="assessment"),
    path("assessments/<slug:slug>/edit/", assessments.edit, name="assessment-edit"),
    path("curation/", curation.index, name="curation"),
    path("curation/new/", curation.create, name="curation-create"),
    path("curation/<slug:slug>/", curation.detail, name="curation-detail"),
    path("curation/<slug:slug>/edit/", curation.edit, name="curation-edit"),
    path("curation/<slug:slug>/status/", curation.transition, name="curation-transition"),
    path("curation/<slug:slug>/move/", curation.move, name="curation-move"),
    path("curation/<slug:slug>/preview/", curation.preview, name="curation-preview"),
    path("curation/<slug:slug>/versions/<int:number>/changes/", curation.diff, name="curation-diff"),
    path("curation/<slug:slug>/versions/<int:number>/restore/", curation.restore, name="curation-restore"),
    path("<slug:slug>/", catalogue.detail, name="detail"),
    path("<slug:slug>/practice/", catalogue.link_practice, name="link-practice"),
    path("<slug:slug>/practice/portal/", catalogue.link_practice_target, name="link-practice-target"),
]
