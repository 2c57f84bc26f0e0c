"""Admin of allauth's MFA authenticators (without their secrets), the legal texts and the membership history
(read-only)."""

from __future__ import annotations

from typing import Any

from allauth.mfa.admin import AuthenticatorAdmin as AllauthAuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from govtech.accounts.models import LegalText, MembershipEvent
from govtech.accounts.services import legal_text_publish
from govtech.audit.services import audit_record
from govtech.core.errors import Conflict, NotAllowed

admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(AllauthAuthenticatorAdmin):
    """Who has which kind of authenticator and when it was used; never ``data`` (the encrypted TOTP secret
    and recovery-code seed), in the list, the form, the history or a search."""

    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = ("user", "type", "created_at", "last_used_at")
    search_fields = ("=user__id",)

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(LegalText)
class LegalTextAdmin(admin.ModelAdmin):
    """Versions of the terms of use and of the privacy notice. A draft is edited here; "Publish" puts it in force
    (audited, ``legal_text_publish``) and from then on it is read-only: a change is a new version, which people
    accept at their next sign-in."""

    list_display = ("kind", "version", "published_at", "pending_legal_review", "acceptance_count")
    list_filter = ("kind", "pending_legal_review")
    actions = ("publish",)
    fields = (
        "kind",
        "version",
        "change_summary",
        "pending_legal_review",
        "title_es",
        "body_es",
        "title_pt_br",
        "body_pt_br",
        "title_en",
        "body_en",
        "published_at",
    )
    readonly_fields = ("published_at",)

    @admin.display(description=_("acceptances"))
    def acceptance_count(self, obj: LegalText) -> int:
        return obj.acceptances.filter(withdrawn_at__isnull=True).count()

    def get_readonly_fields(self, request: HttpRequest, obj: LegalText | None = None) -> Any:
        if obj is not None and obj.published_at is not None:
            return self.fields
        return self.readonly_fields

    def has_delete_permission(self, request: HttpRequest, obj: LegalText | None = None) -> bool:
        return obj is None or obj.published_at is None

    def save_model(self, request: HttpRequest, obj: LegalText, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                verb="legal_text.change" if change else "legal_text.create",
                target=obj,
                after={"kind": obj.kind, "version": obj.version},
            )

    @admin.action(description=_("Publish the selected drafts (people accept them at their next sign-in)"))
    def publish(self, request: HttpRequest, queryset: Any) -> None:
        for text in queryset.filter(published_at__isnull=True):
            try:
                legal_text_publish(actor=request.user, text=text)
            except (NotAllowed, Conflict) as error:
                self.message_user(request, str(error), level=messages.ERROR)
            else:
                self.message_user(request, _("Published: %(text)s") % {"text": text}, level=messages.SUCCESS)


@admin.register(MembershipEvent)
class MembershipEventAdmin(admin.ModelAdmin):
    """The membership history (issue 21): who joined which organisation, changed role, was suspended or left,
    when and by whose hand. Read-only for everyone, superusers included: the history answers "was this person a
    member in the last 24 months" for the conflict-of-interest checks, so nobody may add, edit or delete a row
    here. Filter it per organisation or per person with the links in each row."""

    list_display = ("at", "person_link", "organisation_link", "event", "role", "previous_role", "actor", "backfilled")
    list_filter = ("event", "role", "organisation__kind", "backfilled")
    search_fields = ("=user__id", "user__email", "=organisation__id", "organisation__name")
    list_select_related = ("user", "organisation", "actor")
    date_hierarchy = "at"
    ordering = ("-at", "-pk")
    fields = (
        "at",
        "user",
        "organisation",
        "membership",
        "event",
        "role",
        "previous_role",
        "actor",
        "reason",
        "evidence",
        "backfilled",
    )
    readonly_fields = fields
    actions = None

    @admin.display(description=_("person"), ordering="user__email")
    def person_link(self, obj: MembershipEvent) -> str:
        url = reverse("admin:accounts_membershipevent_changelist") + f"?user__id__exact={obj.user_id}"
        return format_html('<a href="{}">{}</a>', url, obj.user)

    @admin.display(description=_("organisation"), ordering="organisation__name")
    def organisation_link(self, obj: MembershipEvent) -> str:
        url = reverse("admin:accounts_membershipevent_changelist") + f"?organisation__id__exact={obj.organisation_id}"
        return format_html('<a href="{}">{}</a>', url, obj.organisation)

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest) -> bool:
        if lookup in ("user__id__exact", "organisation__id__exact"):
            return True
        return bool(super().lookup_allowed(lookup, value, request))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
