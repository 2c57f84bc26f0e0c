from django.apps import AppConfig


class StartupsConfig(AppConfig):
    name = "startups"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from startups import fragments

        fragments.connect()  # the cached public fragments follow every write to the registry
