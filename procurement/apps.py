from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "procurement"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from procurement import fragments as procurement_fragments

        procurement_fragments.connect()  # the visitors' opportunities pages follow every write
        from govtech.accounts.models import Organisation
        from govtech.core import fragments
        from procurement.bodies.models import PublicBody

        fragments.invalidate_on(  # the body filter's options
            "public_bodies",
            Organisation,
            PublicBody,
            when=lambda row: not isinstance(row, Organisation) or row.kind == Organisation.Kind.PUBLIC_BODY,
        )
        from procurement.calls import saved_searches

        saved_searches.register()
