"""Read-only admin of the evaluation. Nothing here shows application content (sealed or not): applications appear
by id only, and every change goes through the services (the pages and the API), which audit it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from procurement.evaluation.models import Declaration, Panel, PanelMember, Score


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Panel)
class PanelAdmin(ReadOnlyAdmin):
    list_display = ["call_id", "scale_max", "disagreement_threshold", "blind_first_round", "names_revealed_at"]
    readonly_fields = (
        "call",
        "scale_max",
        "disagreement_threshold",
        "blind_first_round",
        "names_revealed_at",
        "created_at",
    )
    fields = readonly_fields


@admin.register(PanelMember)
class PanelMemberAdmin(ReadOnlyAdmin):
    list_display = ["panel_id", "user", "status", "named_at", "submitted_at"]
    list_filter = ["status"]
    list_select_related = ["user"]
    readonly_fields = ("panel", "user", "named_by", "named_at", "status", "submitted_at")
    fields = readonly_fields


@admin.register(Declaration)
class DeclarationAdmin(ReadOnlyAdmin):
    list_display = ["member_id", "application_id", "conflict", "signed_at"]
    list_filter = ["conflict"]
    readonly_fields = ("member", "application_id", "conflict", "statement", "signed_at")
    fields = readonly_fields


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    list_display = ["member_id", "application_id", "criterion", "score", "scored_at"]
    readonly_fields = ("member", "application_id", "criterion", "score", "justification", "scored_at")
    fields = readonly_fields
