"""Factories of the security tests."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from govtech.audit import chain
from govtech.audit.models import AuditEvent


class AuditEventFactory(DjangoModelFactory):
    """An audit row as a service would write it (the table refuses later changes)."""

    class Meta:
        model = AuditEvent

    verb = "call.publish"
    target_id = factory.Sequence(str)
    target_repr = factory.Sequence(lambda n: f"Reto de movilidad {n}")
    before = factory.LazyFunction(lambda: {"status": "draft"})
    after = factory.LazyFunction(lambda: {"status": "published"})

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # type: ignore[no-untyped-def]
        return chain.append(model_class(*args, **kwargs))  # chained like every row
