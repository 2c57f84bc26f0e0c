from django.contrib import admin

from govtech.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_id", "verb", "target_repr", "organisation_id"]
    list_filter = ["verb"]
    search_fields = ["target_repr", "verb"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
