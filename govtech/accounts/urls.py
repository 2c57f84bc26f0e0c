from django.urls import path

from govtech.accounts import views

app_name = "accounts"
urlpatterns = [
    path("data/", views.personal_data, name="personal_data"),
    path("data/download/", views.personal_data_download, name="personal_data_download"),
    path("delete/", views.account_delete, name="delete"),
]
