"""Admin: delivery status per notification, failures first, and a resend action (through the service)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from govtech.core.errors import ApplicationError
from govtech.notifications.models import Notification, Preference, SavedSearch, WebhookDelivery, WebhookSubscription
from govtech.notifications.services import notification_resend, webhook_delivery_resend

READONLY_OUTBOX = ["status", "attempts", "next_attempt_at", "claimed_until", "sent_at", "last_error", "created_at"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "recipient", "channel", "status", "attempts", "created_at", "sent_at", "short_error"]
    list_filter = ["status", "channel", "kind", "frequency"]
    search_fields = ["recipient__email", "event_key"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]
    readonly_fields = [
        "recipient",
        "kind",
        "event_key",
        "channel",
        "frequency",
        "context",
        "url",
        "group_key",
        "group_label",
        "read_at",
        "digest",
        *READONLY_OUTBOX,
    ]
    actions = ["resend"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Notification]:
        return super().get_queryset(request).listed_for_staff(request.user)  # type: ignore[attr-defined]

    @admin.display(description=_("last error"))
    def short_error(self, obj: Notification) -> str:
        return obj.last_error[:80]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Send the selected e-mails again"))
    def resend(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        done, refused = 0, 0
        for notification in queryset.select_related("recipient"):
            try:
                notification_resend(actor=request.user, notification=notification)
                done += 1
            except ApplicationError:
                refused += 1
        if done:
            self.message_user(request, ngettext("%d e-mail queued again.", "%d e-mails queued again.", done) % done)
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%d notification skipped: only sent or failed e-mails can be sent again.",
                    "%d notifications skipped: only sent or failed e-mails can be sent again.",
                    refused,
                )
                % refused,
                level=messages.WARNING,
            )


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["id", "target_url", "owner_user", "owner_organisation", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["target_url"]
    exclude = ["secret"]
    readonly_fields = ["owner_user", "owner_organisation", "target_url", "kinds", "created_by", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Subscriptions are made by their owners (with a secret shown once); every field here is read-only, so
        # the add form could only insert an ownerless row without kinds (a database error, a 500).
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["id", "subscription", "kind", "status", "attempts", "response_status", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    readonly_fields = ["subscription", "kind", "event_key", "payload", "response_status", *READONLY_OUTBOX]
    actions = ["resend"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[WebhookDelivery]:
        return super().get_queryset(request).listed_for_staff(request.user)  # type: ignore[attr-defined]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Send the selected deliveries again"))
    def resend(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        done = 0
        for delivery in queryset:
            try:
                webhook_delivery_resend(actor=request.user, delivery=delivery)
                done += 1
            except ApplicationError:
                continue
        self.message_user(request, ngettext("%d delivery queued again.", "%d deliveries queued again.", done) % done)


admin.site.register(
    Preference,
    list_display=["user", "kind", "channel", "frequency", "updated_at"],
    list_filter=["channel", "frequency"],
)
admin.site.register(
    SavedSearch, list_display=["name", "user", "scope", "frequency", "last_run_at"], list_filter=["scope", "frequency"]
)
