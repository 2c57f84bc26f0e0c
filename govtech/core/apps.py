from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "govtech.core"
    label = "core"
    verbose_name = "Core"
