from __future__ import annotations

from rest_framework import serializers

from govtech.audit.models import AuditEvent
from govtech.audit.selectors import actor_label


class AuditEventOutputSerializer(serializers.ModelSerializer[AuditEvent]):
    actor = serializers.SerializerMethodField()
    target_type = serializers.SerializerMethodField()

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "created_at",
            "actor_id",
            "actor",
            "verb",
            "target_type",
            "target_id",
            "target_repr",
            "organisation_id",
            "before",
            "after",
            "request_id",
        ]
        read_only_fields = fields

    def get_actor(self, event: AuditEvent) -> str:
        return actor_label(event)

    def get_target_type(self, event: AuditEvent) -> str:
        return f"{event.target_type.app_label}.{event.target_type.model}" if event.target_type else ""
