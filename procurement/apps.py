from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "procurement"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from govtech.core import pagecache

        pagecache.register_public(apps=("procurement",), private=("procurement.bodyinvitation",))
        from govtech.accounts.models import Membership, Organisation
        from govtech.accounts.navigation import register_account_entry
        from govtech.core.navigation import register_main_entry

        register_main_entry("procurement:opportunities", _("Opportunities"), order=10)
        # A supplier's people only, with a short label: a person of many roles keeps the menu to one row at
        # 1366 px. "My questions" is reached from "My applications" (and the home page), not from the menu.
        register_account_entry(
            "matching:recommended",
            _("For you"),
            lambda user, roles: Organisation.Kind.SUPPLIER in roles.kinds,
            order=5,
        )
        register_account_entry(
            "procurement:workspace",
            _("Workspace"),
            lambda user, roles: bool(
                roles.roles_in(Organisation.Kind.PUBLIC_BODY) & {Membership.Role.OFFICER, Membership.Role.APPROVER}
            ),
            order=20,
        )
        from govtech.core.views import register_home_blocks
        from procurement import home

        register_home_blocks(home.home_blocks, order=20)
        from procurement import fragments as procurement_fragments

        procurement_fragments.connect()  # the visitors' opportunities pages follow every write
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
        from govtech.audit import names
        from procurement.calls.models import Call
        from procurement.challenges.models import Challenge

        # The audit trail names bodies, challenges and calls; applications stay "<type> #<id>" until
        # procurement registers a resolver that names them only once the call's applications are opened.
        for model in (PublicBody, Challenge, Call):
            names.register(model, names.by_str(model))
        from procurement import waiting

        waiting.register()  # the header's "needs you": the work this app creates, for whoever must act
