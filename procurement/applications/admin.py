"""Django admin for applications: read-only, and bound by the seal.

Administrators are no exception to the seal: every queryset here starts from ``visible_to(request.user)``, so
an administrator sees an application (or its receipt, whose manifest holds the content) only if they could read
it on the site: their own organisation's, or their public body's after the opening. Nothing is edited here:
states change through the services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from procurement.applications.models import Application, CallOpening, OutcomeDeclaration, SubmissionReceipt


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["id", "call", "supplier", "status", "submission_number", "submitted_at"]
    list_filter = ["status"]
    list_select_related = ["call", "supplier"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Application]:
        return Application.objects.visible_to(request.user).select_related("call", "supplier")


@admin.register(SubmissionReceipt)
class SubmissionReceiptAdmin(ReadOnlyAdmin):
    list_display = ["application", "number", "submitted_at", "digest"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[SubmissionReceipt]:
        return SubmissionReceipt.objects.filter(application__in=Application.objects.visible_to(request.user))


@admin.register(CallOpening)
class CallOpeningAdmin(ReadOnlyAdmin):
    """Openings hold no content: who opened which call, when, and how many applications there were."""

    list_display = ["call", "opened_by", "opened_at", "submitted_count"]
    list_select_related = ["call", "opened_by"]


@admin.register(OutcomeDeclaration)
class OutcomeDeclarationAdmin(ReadOnlyAdmin):
    """The conflict-of-interest declarations of openers, deciders and whoever answers complaints (issue 21):
    read-only for everyone, superusers included; a signed declaration never changes."""

    list_display = ["call", "user", "role", "signed_at"]
    list_filter = ["role"]
    list_select_related = ["call", "user"]
    search_fields = ["=call__id", "=user__id"]
    fields = ("call", "user", "role", "statement", "signed_at")
    readonly_fields = ("call", "user", "role", "statement", "signed_at")
