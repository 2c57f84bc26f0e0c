from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "govtech.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from govtech.notifications import personal_data

        personal_data.register()  # in the account's export and anonymisation
        from govtech.notifications import metrics

        metrics.register()  # the outbox's gauges on /metrics
        from govtech.core.navigation import register_main_entry

        register_main_entry("notifications:inbox", _("Inbox"), order=50, signed_in_only=True)
        from govtech.core.views import register_home_blocks
        from govtech.notifications import home

        register_home_blocks(home.home_blocks, order=70)
