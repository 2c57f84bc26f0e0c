"""Read-only admin of the award side: every change goes through the services (and their audit)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from procurement.awards.models import Award, Complaint, Decision, Milestone


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["id", "call", "phase", "outcome", "decided_at", "standstill_ends_at", "annulled_at"]
    list_filter = ["outcome"]
    exclude = ["report"]  # the report is served by the permission-checked view, never by a media URL


@admin.register(Award)
class AwardAdmin(ReadOnlyAdmin):
    list_display = ["id", "application", "amount", "currency", "contract_signed_on", "became_contract"]


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ["id", "decision", "application", "status", "filed_at", "responded_at"]
    list_filter = ["status"]


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    list_display = ["id", "award", "name", "due_date", "status"]
    list_filter = ["status"]
