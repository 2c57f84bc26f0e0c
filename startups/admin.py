"""Django admin for the registry: browsing, plus actions that go through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from govtech.core.errors import ApplicationError
from startups import services
from startups.models import ComplianceDocument, CpvCode, ImportJob, Sanction, Sector, Supplier, Technology


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    """Read-mostly: changes to profiles go through the owners' pages; decisions through these actions."""

    list_display = [
        "legal_name",
        "trade_name",
        "country",
        "identifier_scheme",
        "identifier",
        "verification_status",
        "size_class",
        "created_at",
    ]
    list_filter = ["verification_status", "country", "size_class", "stage"]
    search_fields = ["legal_name", "trade_name", "identifier"]
    readonly_fields = [f.name for f in Supplier._meta.concrete_fields if f.name != "id"] + [
        "sectors",
        "technologies",
        "cpv_codes",
    ]
    actions = ["verify"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Verify the selected suppliers"))
    def verify(self, request: HttpRequest, queryset: QuerySet[Supplier]) -> None:
        done = 0
        for supplier in queryset:
            try:
                services.supplier_verify(actor=request.user, supplier=supplier)
                done += 1
            except ApplicationError as exc:
                self.message_user(request, f"{supplier}: {exc.message}", messages.WARNING)
        self.message_user(request, _("%(n)s suppliers verified.") % {"n": done})


@admin.register(Sanction)
class SanctionAdmin(admin.ModelAdmin):
    list_display = ["supplier", "kind", "starts_on", "ends_on", "lifted_at"]
    list_filter = ["kind"]
    readonly_fields = ["supplier", "kind", "reason", "starts_on", "ends_on", "created_by", "created_at", "lifted_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # through the supplier's "Verification and sanctions" page, which audits it


@admin.register(ComplianceDocument)
class ComplianceDocumentAdmin(admin.ModelAdmin):
    list_display = ["supplier", "kind", "expires_on", "uploaded_at"]
    list_filter = ["kind"]
    readonly_fields = [
        "supplier",
        "kind",
        "original_name",
        "content_type",
        "size",
        "issued_on",
        "expires_on",
        "uploaded_by",
        "uploaded_at",
    ]
    exclude = ["file"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["original_name", "status", "total_rows", "created_count", "created_at"]
    readonly_fields = [
        "original_name",
        "status",
        "total_rows",
        "processed_rows",
        "created_count",
        "errors",
        "created_by",
        "created_at",
        "finished_at",
        "mark_verified",
    ]
    exclude = ["file", "rows"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(CpvCode)
class CpvCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "check_digit", "level", "label_en", "label_es"]
    list_filter = ["level"]
    search_fields = ["code", "label_en", "label_es", "label_pt"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_en", "name_es", "name_pt", "position"]


@admin.register(Technology)
class TechnologyAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_en", "name_es", "name_pt"]
