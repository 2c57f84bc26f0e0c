"""How the audit trail names the records it mentions, when it is read.

Audit rows store a target's type and id, never its name. Each app says how its records are named
from its ``AppConfig.ready()``::

    from govtech.audit import names
    names.register(Supplier, names.by_str(Supplier))

A resolver receives the ids of one type (a page of events at a time) and the person reading, and
returns a name per id. It may refuse to name a record (answer ``None``, or leave it out): the trail then
shows the neutral ``"<app_label>.<model> #<id>"``, as it does for a type nobody registered and for a
record that no longer exists. So a record is named only where its app says it may be (procurement names
an application only once the call's applications are opened).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from govtech.audit.models import AuditEvent

Resolver = Callable[[Sequence[str], Any], Mapping[str, "str | None"]]

_RESOLVERS: dict[str, Resolver] = {}


def _key(model: type[models.Model]) -> str:
    return model._meta.label_lower  # "app_label.model"


def register(model: type[models.Model], resolver: Resolver) -> None:
    """Name ``model``'s records in the audit trail with ``resolver(ids, viewer) -> {id: name or None}``."""
    _RESOLVERS[_key(model)] = resolver


def unregister(model: type[models.Model]) -> None:
    _RESOLVERS.pop(_key(model), None)


def resolver_for(model: type[models.Model]) -> Resolver | None:
    return _RESOLVERS.get(_key(model))


def by_str(model: type[models.Model], *, limit: int = 255) -> Resolver:
    """A resolver naming every record of ``model`` by ``str()`` (for records that are public anyway)."""

    def resolve(ids: Sequence[str], viewer: Any) -> dict[str, str | None]:
        pks = [pk for pk in ids if pk.isdigit()]
        return {str(obj.pk): str(obj)[:limit] for obj in model._default_manager.filter(pk__in=pks)}

    return resolve


def neutral_label(event: AuditEvent) -> str:
    if event.target_type_id is None:
        # No record to resolve: whatever the row says (rows written without a target keep it empty).
        return event.target_repr
    content_type = ContentType.objects.get_for_id(event.target_type_id)
    return f"{content_type.app_label}.{content_type.model} #{event.target_id}"


def target_names(events: Iterable[AuditEvent], viewer: Any) -> dict[int, str]:
    """How each event names its target for ``viewer``: the resolved name, else the neutral label.
    One resolver call per type of record."""
    events = list(events)
    resolved = resolved_names(events, viewer)
    return {event.pk: resolved.get(event.pk) or neutral_label(event) for event in events}


def resolved_names(events: Iterable[AuditEvent], viewer: Any) -> dict[int, str]:
    """The names the resolvers give for ``viewer`` (events whose target is not named are left out)."""
    events = list(events)
    wanted: dict[int, set[str]] = {}
    for event in events:
        if event.target_type_id is not None and event.target_id:
            wanted.setdefault(event.target_type_id, set()).add(event.target_id)
    resolved: dict[tuple[int | None, str], str] = {}
    for type_id, ids in wanted.items():
        content_type = ContentType.objects.get_for_id(type_id)
        resolver = _RESOLVERS.get(f"{content_type.app_label}.{content_type.model}")
        if resolver is None:
            continue
        for pk, name in resolver(sorted(ids), viewer).items():
            if name:
                resolved[(type_id, str(pk))] = name
    return {
        event.pk: resolved[(event.target_type_id, event.target_id)]
        for event in events
        if (event.target_type_id, event.target_id) in resolved
    }


def target_name(event: AuditEvent, viewer: Any) -> str:
    return target_names([event], viewer)[event.pk]


def with_target_names(events: Iterable[AuditEvent], viewer: Any, *, batch: int = 500) -> Iterator[AuditEvent]:
    """Stream ``events``, resolving ``batch`` at a time, each with ``target_name`` (the resolved name or
    ``""``) and ``target_label`` (the name, else the neutral label) set."""
    iterator = iter(events)
    while chunk := list(islice(iterator, batch)):
        names = resolved_names(chunk, viewer)
        for event in chunk:
            event.target_name = names.get(event.pk, "")  # type: ignore[attr-defined]
            event.target_label = event.target_name or neutral_label(event)  # type: ignore[attr-defined]
            yield event
