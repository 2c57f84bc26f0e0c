"""The Django admin of public bodies: read-mostly; state changes go through the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from govtech.core.errors import ApplicationError
from procurement.bodies.models import BodyInvitation, PublicBody
from procurement.bodies.services import (
    check_official_domains,
    public_body_set_domains,
    public_body_verify,
    public_body_verify_domains,
)


class PublicBodyAdminForm(forms.ModelForm):
    """Official domains are checked by the service's rule (no public webmail domain): a form error, never a 500."""

    class Meta:
        model = PublicBody
        fields = [
            "kind",
            "country",
            "subdivision",
            "level",
            "parent",
            "identifier_scheme",
            "identifier",
            "email_domains",
            "timezone",
            "logo",
        ]

    def clean_email_domains(self) -> list[str]:
        try:
            return check_official_domains(list(self.cleaned_data.get("email_domains") or []))
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message) from exc


@admin.register(PublicBody)
class PublicBodyAdmin(admin.ModelAdmin):
    """Verification status changes only through the action (audited, notified), never by editing the field.
    Official domains change through ``public_body_set_domains`` (audited; a new domain counts only once verified
    through the "verify the official domains" action)."""

    form = PublicBodyAdminForm

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
        "verified_domains",
    ]
    actions = ["verify", "verify_domains"]

    def save_model(self, request: HttpRequest, obj: PublicBody, form: Any, change: bool) -> None:
        if change and "email_domains" in form.changed_data:
            saved = public_body_set_domains(actor=request.user, body=obj, domains=list(obj.email_domains))
            obj.email_domains, obj.verified_domains = saved.email_domains, saved.verified_domains
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Verify the official e-mail domains of the selected public bodies"))
    def verify_domains(self, request: HttpRequest, queryset: QuerySet[PublicBody]) -> None:
        for body in queryset:
            public_body_verify_domains(actor=request.user, body=body)
        self.message_user(request, _("Official domains verified."), level=messages.SUCCESS)

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
