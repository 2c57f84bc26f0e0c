"""Rows of the audit trail that concern sealed work, and what their readers see of them.

Audit rows store ids only (``govtech.audit.names``), but an id can still identify: the actor of an
``application.submit`` row is one of the applicant's people, its ``organisation_id`` is the applicant, and its
``before``/``after`` name the call (so counting rows would tell how many applied). An app that seals some of its
records registers, from its ``AppConfig.ready()``, which of them are sealed for a reader::

    from govtech.audit import seal
    seal.register(Application, lambda viewer: <queryset of the sealed pks, as text>)

Every read of the trail (pages, CSV export, API, Django admin) goes through
``AuditEvent.objects.for_reader(viewer)``, whose rows come out *masked* where their target is sealed for that
reader: the row stays (its time, verb, the target's type and id and the chain's hashes), its actor, organisation,
before and after read as empty and ``sealed`` is true. Filtering by organisation or actor leaves sealed rows out
(``exclude_sealed``), so a filter cannot tell who worked on sealed records either. The stored row is unchanged:
once the record is unsealed (procurement: the call's applications are opened) every reader sees it whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet
from django.db.models.query import ModelIterable

# viewer -> a queryset of one column: the primary keys (as text, like ``AuditEvent.target_id``) of the records
# sealed for that viewer.
SealedIds = Callable[[Any], QuerySet[Any]]

_SEALS: dict[type[models.Model], SealedIds] = {}

BATCH = 500


def register(model: type[models.Model], sealed_ids: SealedIds) -> None:
    _SEALS[model] = sealed_ids


def unregister(model: type[models.Model]) -> None:
    _SEALS.pop(model, None)


def sealed_q(viewer: Any) -> Q:
    """The rows whose target is sealed for ``viewer`` (an empty condition matches nothing)."""
    condition = Q(pk__in=[])
    for model, sealed_ids in _SEALS.items():
        content_type = ContentType.objects.get_for_model(model)
        condition |= Q(target_type_id=content_type.pk, target_id__in=sealed_ids(viewer))
    return condition


def exclude_sealed(queryset: QuerySet[Any], viewer: Any) -> QuerySet[Any]:
    if not _SEALS:
        return queryset
    return queryset.exclude(sealed_q(viewer))


def mask(event: Any) -> None:
    """What a reader sees of a row whose target is sealed for them (in memory only: rows are never updated)."""
    event.sealed = True
    event.actor_id = None
    event.organisation_id = None
    event.before = {}
    event.after = {}
    # The related-object cache, so ``event.actor`` does not bring the person back.
    event._state.fields_cache.pop("actor", None)


def masked(events: list[Any], viewer: Any) -> list[Any]:
    """Mark every event ``sealed`` or not for ``viewer``, masking the sealed ones (one query per batch)."""
    for event in events:
        event.sealed = False
    if not _SEALS or not events:
        return events
    model = type(events[0])
    candidates = [e.pk for e in events if e.target_type_id is not None]
    sealed = set(model._default_manager.filter(pk__in=candidates).filter(sealed_q(viewer)).values_list("pk", flat=True))
    for event in events:
        if event.pk in sealed:
            mask(event)
    return events


class _SealingIterable(ModelIterable):
    viewer: Any = None

    def __iter__(self) -> Iterator[Any]:
        batch: list[Any] = []
        for event in super().__iter__():
            batch.append(event)
            if len(batch) >= BATCH:
                yield from masked(batch, self.viewer)
                batch = []
        yield from masked(batch, self.viewer)


def for_reader(queryset: QuerySet[Any], viewer: Any) -> QuerySet[Any]:
    """``queryset`` whose rows come out masked where sealed for ``viewer`` (through ``iterator()`` too)."""
    iterable = type("SealingIterable", (_SealingIterable,), {"viewer": viewer})
    clone = queryset.all()
    clone._iterable_class = iterable
    return clone
