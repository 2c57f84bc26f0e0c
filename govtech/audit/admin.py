from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from govtech.audit.models import AuditEvent
from govtech.audit.names import target_name

_viewer: ContextVar[Any] = ContextVar("audit_admin_viewer", default=None)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only. Targets are named when read, through the same resolvers as the auditor's pages (the stored
    ``target_repr`` of older rows may hold a name, so it is neither shown nor searched)."""

    list_display = ["created_at", "actor_id", "verb", "target", "organisation_id", "seq"]
    list_filter = ["verb"]
    search_fields = ["verb", "=target_id"]
    readonly_fields = (
        "created_at",
        "actor_id",
        "verb",
        "target_type",
        "target_id",
        "target",
        "organisation_id",
        "before",
        "after",
        "request_id",
        "seq",
        "prev_hash",
        "hash",
    )
    fields = readonly_fields

    def get_queryset(self, request: Any) -> Any:
        # Rows about sealed work come out masked for this reader (``govtech.audit.seal``).
        return AuditEvent.objects.for_reader(request.user).select_related("target_type")

    @admin.display(description=_("Record"))
    def target(self, obj: AuditEvent) -> str:
        return target_name(obj, _viewer.get())  # the resolvers may name a record for one reader, not another

    def changelist_view(self, request: Any, extra_context: dict[str, Any] | None = None) -> Any:
        return self._as(request, super().changelist_view, request, extra_context)

    def change_view(self, request: Any, object_id: str, form_url: str = "", extra_context: Any = None) -> Any:
        return self._as(request, super().change_view, request, object_id, form_url, extra_context)

    def _as(self, request: Any, view: Any, *args: Any) -> Any:
        """Run and render ``view`` with the reader known to ``target`` (a template response renders late)."""
        token = _viewer.set(request.user)
        try:
            response = view(*args)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            return response
        finally:
            _viewer.reset(token)

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
