from django.apps import AppConfig


class StartupsConfig(AppConfig):
    name = "startups"
    default_auto_field = "django.db.models.BigAutoField"
