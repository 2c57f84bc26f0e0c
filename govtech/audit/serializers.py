from __future__ import annotations

from rest_framework import serializers

from govtech.audit.models import AuditEvent
from govtech.audit.names import target_name
from govtech.audit.selectors import actor_label


class AuditEventOutputSerializer(serializers.ModelSerializer[AuditEvent]):
    actor = serializers.SerializerMethodField()
    target_type = serializers.SerializerMethodField()
    sealed = serializers.SerializerMethodField(
        help_text="True where the row concerns sealed work (an application before its call's applications are "
        "opened): actor, organisation, before and after are withheld until then."
    )
    target_repr = serializers.SerializerMethodField(
        help_text="The target's name as the reader may see it, resolved when read (rows store ids only); "
        "the neutral '<target_type> #<target_id>' where it may not be named."
    )

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
            "seq",
            "prev_hash",
            "hash",
            "sealed",
        ]
        read_only_fields = fields

    def get_sealed(self, event: AuditEvent) -> bool:
        return bool(getattr(event, "sealed", False))

    def get_actor(self, event: AuditEvent) -> str:
        return actor_label(event)

    def get_target_type(self, event: AuditEvent) -> str:
        return f"{event.target_type.app_label}.{event.target_type.model}" if event.target_type else ""

    def get_target_repr(self, event: AuditEvent) -> str:
        names = self.context.get("target_names")
        if names is not None and event.pk in names:
            return str(names[event.pk])
        request = self.context.get("request")
        return target_name(event, getattr(request, "user", None))
