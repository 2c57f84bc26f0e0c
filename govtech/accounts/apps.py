from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "govtech.accounts"
    label = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        from govtech.core import pagecache

        pagecache.register_public(models=("accounts.organisation",))
        from govtech.accounts import security_events

        security_events.connect()
        from govtech.accounts.models import LegalText, Organisation
        from govtech.audit import names

        # The audit trail names organisations (public entities); people stay "accounts.user #<id>".
        names.register(Organisation, names.by_str(Organisation))
        names.register(LegalText, names.by_str(LegalText))
        from django.contrib.auth.signals import user_logged_in

        from govtech.accounts.middleware import remember_pending_legal_texts

        user_logged_in.connect(remember_pending_legal_texts, dispatch_uid="govtech_legal_pending")
