from __future__ import annotations

from django.urls import path

from procurement.applications import views

app_name = "applications"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("partner-requests/", views.partner_requests, name="partner-requests"),
    path("calls/<int:call_id>/apply/", views.start, name="start"),
    path("calls/<int:call_id>/received/", views.received, name="received"),
    path("calls/<int:call_id>/open/", views.open_applications, name="open"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/files/", views.file_upload, name="files"),
    path("<int:pk>/files/<int:file_id>/", views.file_download, name="file"),
    path("<int:pk>/files/<int:file_id>/remove/", views.file_remove, name="file_remove"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/receipts/<int:number>/", views.receipt, name="receipt"),
    path("<int:pk>/receipts/<int:number>/pdf/", views.receipt_pdf, name="receipt_pdf"),
]
