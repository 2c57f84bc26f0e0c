from django.urls import path

from govtech.accounts import views

app_name = "accounts"
urlpatterns = [
    path("data/", views.personal_data, name="personal_data"),
    path("data/download/", views.personal_data_download, name="personal_data_download"),
    path("delete/", views.account_delete, name="delete"),
    path("legal/accept/", views.legal_accept, name="legal_accept"),
    path("legal/withdraw/", views.legal_withdraw, name="legal_withdraw"),
    path("legal/<slug:kind>/", views.legal_text, name="legal_text"),
]
