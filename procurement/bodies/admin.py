"""The Django admin of public bodies: read-mostly; state changes go through the services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from govtech.core.errors import ApplicationError
from procurement.bodies.models import BodyInvitation, PublicBody
from procurement.bodies.services import public_body_verify


@admin.register(PublicBody)
class PublicBodyAdmin(admin.ModelAdmin):
    """Verification status changes only through the action (audited, notified), never by editing the field."""

    list_display = [
        "organisation",
        "kind",
        "level",
        "country",
        "subdivision",
        "verification_status",
        "imported",
        "claimed",
    ]
    list_filter = ["verification_status", "kind", "level", "country", "imported", "claimed"]
    search_fields = ["organisation__name", "identifier"]
    list_select_related = ["organisation"]
    readonly_fields = [
        "organisation",
        "verification_status",
        "verified_at",
        "proposed_by",
        "rejection_reason",
        "imported",
        "claimed",
    ]
    actions = ["verify"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # bodies are proposed on the site (or imported), so the proposer becomes a requested approver

    @admin.action(description=_("Verify the selected public bodies"))
    def verify(self, request: HttpRequest, queryset: QuerySet[PublicBody]) -> None:
        done = 0
        for body in queryset:
            try:
                public_body_verify(body=body, actor=request.user)
            except ApplicationError as exc:
                self.message_user(request, f"{body}: {exc.message}", level=messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(request, _("%(n)d public bodies verified.") % {"n": done}, level=messages.SUCCESS)


@admin.register(BodyInvitation)
class BodyInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "body", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_select_related = ["body__organisation"]
    readonly_fields = [
        "body",
        "email",
        "role",
        "token_digest",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
