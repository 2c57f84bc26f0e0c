from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "govtech.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from govtech.core import pagecache

        pagecache.connect()  # visitors' cached pages follow every write to a public model
