"""``/api/v1/audit-events/``: the audit trail for auditors, read-only."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import generics

from govtech.audit.filters import AuditEventFilter
from govtech.audit.models import AuditEvent
from govtech.audit.names import target_names
from govtech.audit.permissions import CanReadAuditTrail
from govtech.audit.selectors import audit_events_for
from govtech.audit.serializers import AuditEventOutputSerializer


class AuditEventList(generics.ListAPIView[AuditEvent]):
    """Audit events, newest first; filters: organisation, target_type, target_id, actor, verb, since, until."""

    permission_classes = [CanReadAuditTrail]
    serializer_class = AuditEventOutputSerializer
    filterset_class = AuditEventFilter
    ordering_fields = ["created_at", "id"]

    def get_queryset(self) -> QuerySet[AuditEvent]:
        return audit_events_for(self.request.user)

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("many") and args:  # a page: name its targets with one query per type of record
            page = list(args[0])
            context = dict(self.get_serializer_context())
            context["target_names"] = target_names(page, self.request.user)
            return super().get_serializer(page, *args[1:], context=context, **kwargs)
        return super().get_serializer(*args, **kwargs)


class AuditEventDetail(generics.RetrieveAPIView[AuditEvent]):
    permission_classes = [CanReadAuditTrail]
    serializer_class = AuditEventOutputSerializer

    def get_queryset(self) -> QuerySet[AuditEvent]:
        return audit_events_for(self.request.user)
