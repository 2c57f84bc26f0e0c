"""Saved searches: a generic engine; each app registers the scopes it can search.

An app registers each scope it can search once, at start-up (``AppConfig.ready``); the
notifications app never imports the apps that register. Procurement registers ``"calls"``
in ``procurement/saved_searches.py``::

    register_scope("calls", label=_("Calls"), finder=calls_find, validate=call_params_validate)

``finder(search, since)`` returns ``Hit`` items (``since`` is None on the first run).
Beat runs the daily and weekly searches; each run with hits emits one
``saved_search_hit`` notification to the search's owner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from govtech.accounts.roles import Actor, person
from govtech.audit.services import audit_record
from govtech.core.errors import ApplicationError
from govtech.notifications.kinds import Kind
from govtech.notifications.models import SavedSearch
from govtech.notifications.services import notification_emit

MSG_UNKNOWN_SCOPE = _("Searches of this kind cannot be saved.")
MSG_NAME_REQUIRED = _("Give the search a name.")
MAX_LISTED_HITS = 10


@dataclass(frozen=True)
class Hit:
    key: str
    title: str
    url: str = ""
    group_key: str = ""
    group_label: str = ""


Finder = Callable[[SavedSearch, datetime | None], list[Hit]]
Validator = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class Scope:
    name: str
    label: str | Promise
    finder: Finder
    validate: Validator | None = None


_SCOPES: dict[str, Scope] = {}


def register_scope(name: str, *, label: str | Promise, finder: Finder, validate: Validator | None = None) -> None:
    """Make ``name`` a scope people can save searches in. ``validate(params)`` raises
    ``ApplicationError`` for bad parameters."""
    _SCOPES[name] = Scope(name=name, label=label, finder=finder, validate=validate)


def unregister_scope(name: str) -> None:
    _SCOPES.pop(name, None)


def scopes() -> dict[str, Scope]:
    return dict(_SCOPES)


def saved_search_create(*, actor: Actor, scope: str, name: str, params: dict[str, Any], frequency: str) -> SavedSearch:
    if scope not in _SCOPES:
        raise ApplicationError(str(MSG_UNKNOWN_SCOPE), field="scope")
    if not name.strip():
        raise ApplicationError(str(MSG_NAME_REQUIRED), field="name")
    if frequency not in SavedSearch.Frequency.values:
        raise ApplicationError(str(_("Choose how often to be alerted.")), field="frequency")
    validator = _SCOPES[scope].validate
    if validator is not None:
        validator(params)
    with transaction.atomic():
        # The first run reports what is new from now on, not everything that already exists.
        search = SavedSearch.objects.create(
            user=person(actor),
            scope=scope,
            name=name.strip()[:200],
            params=params,
            frequency=frequency,
            last_run_at=timezone.now(),
        )
        audit_record(actor=actor, verb="saved_search.create", target=search, after={"scope": scope, "params": params})
    return search


def saved_search_delete(*, actor: Actor, search: SavedSearch) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor,
            verb="saved_search.delete",
            target=search,
            before={"scope": search.scope, "params": search.params},
        )
        search.delete()


def _period(frequency: str, now: datetime) -> str:
    if frequency == SavedSearch.Frequency.WEEKLY:
        year, week, _day = now.isocalendar()
        return f"{year}W{week:02d}"
    return f"{now:%Y%m%d}"


def saved_search_run(*, search_id: int, now: datetime | None = None) -> int:
    """Run one saved search and alert its owner of the hits since the last run. Returns the hits.
    Idempotent per period: the event key names the day (or ISO week)."""

    now = now or timezone.now()
    with transaction.atomic():
        search = (
            SavedSearch.objects.select_for_update(skip_locked=True).select_related("user").filter(pk=search_id).first()
        )
        if search is None or search.scope not in _SCOPES:
            return 0
        hits = _SCOPES[search.scope].finder(search, search.last_run_at)
        if hits:
            notification_emit(
                kind=Kind.SAVED_SEARCH_HIT,
                recipients=[search.user],
                event_key=f"saved-search:{search.pk}:{_period(search.frequency, now)}",
                context={
                    "title": search.name,
                    "count": len(hits),
                    "items": [{"title": h.title, "url": h.url} for h in hits[:MAX_LISTED_HITS]],
                    "more": max(len(hits) - MAX_LISTED_HITS, 0),
                },
                url=reverse("notifications:saved_searches"),
                group_key=f"saved-search:{search.pk}",
                group_label=search.name,
            )
        SavedSearch.objects.filter(pk=search.pk).update(last_run_at=now)
    return len(hits)


def saved_searches_run_due(*, frequency: str) -> int:
    """Run every saved search of ``frequency``; returns the number of searches with hits."""
    ids = list(SavedSearch.objects.filter(frequency=frequency, scope__in=list(_SCOPES)).values_list("pk", flat=True))
    return sum(1 for pk in ids if saved_search_run(search_id=pk))
