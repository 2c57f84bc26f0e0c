"""Red-flag thresholds edited by site administrators (issue 25): checked, audited, published, recomputed.

A ``RedFlagThreshold`` row sets one parameter of one indicator for a country and a procurement method (blank:
every country, every method), on top of ``settings.RED_FLAGS`` (``redflag_services.thresholds``). Every route
that changes one (the Django admin, a command, a test) goes through ``red_flag_threshold_set`` or
``red_flag_threshold_remove``, which:

* refuse anyone but a site administrator (an insider could otherwise quietly loosen a threshold to hide a flag);
* check the value with ``redflags.thresholds``'s own rules, with a message naming the indicator and parameter;
* require a reason, and write in one transaction the row, an audit event (old and new value, reason) and the
  public record of the change (``RedFlagThresholdChange``, listed on the methodology page);
* after commit, ask for the recomputation of the country concerned (every country for a blank country).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from govtech.accounts.roles import Actor, is_admin, person
from govtech.audit.services import audit_record
from govtech.core import pagecache
from govtech.core.enqueue import enqueue_now
from govtech.core.errors import ApplicationError, NotAllowed
from procurement.ocds.models import RedFlagThreshold, RedFlagThresholdChange
from procurement.ocds.redflag_services import thresholds
from procurement.ocds.redflags.fields import country_code
from procurement.ocds.redflags.thresholds import SCHEMA, Layer, ThresholdError, Thresholds

# OCDS procurementMethod codelist (closed): the methods a threshold can be set for.
METHODS = ("open", "selective", "limited", "direct")
REASON_MAX = 2000


def kind_label(kind: str) -> str:
    return {
        "int": _("a whole number of 0 or more"),
        "number": _("a number of 0 or more"),
        "optional_number": _("a number of 0 or more, or null (none)"),
        "texts": _('a list of texts, such as ["open", "selective"]'),
        "text": _("a text in quotes"),
        "int_map": _('an object of texts to whole numbers, such as {"CPV": 2}'),
    }[kind]


def can_edit_thresholds(actor: Actor | None) -> bool:
    """Only site administrators change red-flag thresholds (officers, auditors and editors never)."""
    return is_admin(actor)


@dataclass(frozen=True)
class Place:
    """Where a threshold row applies, normalised: country upper case ("" every), method lower case ("" every)."""

    country: str
    method: str
    indicator: str
    parameter: str


def check_place(*, country: str, method: str, indicator: str, parameter: str) -> Place:
    """The normalised place, or ``ApplicationError`` naming the field that is wrong."""
    country = (country or "").strip().upper()
    if country and (len(country) != 2 or country_code(country) != country):
        raise ApplicationError(
            _("%(value)s is not an ISO 3166-1 alpha-2 country code (leave it blank for every country).")
            % {"value": country},
            field="country",
        )
    method = (method or "").strip().lower()
    if method and method not in METHODS:
        raise ApplicationError(
            _("%(value)s is not a procurement method (known: %(known)s; blank for every method).")
            % {"value": method, "known": ", ".join(METHODS)},
            field="method",
        )
    indicator = (indicator or "").strip().upper()
    if indicator not in SCHEMA:
        raise ApplicationError(
            _("%(value)s is not an indicator (known: %(known)s).") % {"value": indicator, "known": ", ".join(SCHEMA)},
            field="indicator",
        )
    parameter = (parameter or "").strip()
    if parameter not in SCHEMA[indicator]:
        raise ApplicationError(
            _("%(code)s has no parameter %(value)s (known: %(known)s).")
            % {"code": indicator, "value": parameter, "known": ", ".join(SCHEMA[indicator]) or "—"},
            field="parameter",
        )
    return Place(country, method, indicator, parameter)


def check_value(place: Place, value: Any) -> Any:
    """The value as the engine reads it (``redflags.thresholds``'s own check), or an error naming the parameter."""
    try:
        table = Thresholds([Layer(place.country, place.method, place.indicator, {place.parameter: value})])
    except ThresholdError as exc:
        raise ApplicationError(
            _("%(code)s %(parameter)s must be %(kind)s, not %(value)s.")
            % {
                "code": place.indicator,
                "parameter": place.parameter,
                "kind": kind_label(SCHEMA[place.indicator][place.parameter]),
                "value": json.dumps(value, ensure_ascii=False),
            },
            field="value",
        ) from exc
    return table.layers[0].values[place.parameter]


def check_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Give the reason for the change: it is published with it."), field="reason")
    if len(reason) > REASON_MAX:
        raise ApplicationError(
            _("The reason is too long (at most %(max)s characters).") % {"max": REASON_MAX}, field="reason"
        )
    return reason


def _check_actor(actor: Actor | None) -> None:
    person(actor)
    if not can_edit_thresholds(actor):
        raise NotAllowed(_("Only site administrators can change red-flag thresholds."))


def _in_use(place: Place) -> Any:
    """The value that applies at this place now (the rows, else the settings, else the default)."""
    params = thresholds().params(place.indicator, country=place.country, method=place.method)
    return params.get(place.parameter)


def _after_commit(place: Place) -> None:
    """Recompute the country concerned (every country for a row of every country), once committed."""
    if place.country:
        transaction.on_commit(lambda: enqueue_now("ocds.red_flags_country", place.country))
    else:
        # The fingerprint changed, so every country's fences are stale: the periodic task's pass runs them all.
        transaction.on_commit(lambda: enqueue_now("ocds.red_flags_fences"))


def _record(
    *, actor: Actor | None, row: RedFlagThreshold, action: str, place: Place, old: Any, new: Any, reason: str
) -> RedFlagThresholdChange:
    now = timezone.now()
    change = RedFlagThresholdChange.objects.create(
        changed_at=now,
        action=action,
        country=place.country,
        method=place.method,
        indicator=place.indicator,
        parameter=place.parameter,
        old_value=old,
        new_value=new,
        reason=reason,
        role=RedFlagThresholdChange.Role.ADMIN,
    )
    where = {"country": place.country, "method": place.method, "indicator": place.indicator}
    audit_record(
        actor=actor,
        verb=f"red_flag_threshold.{action}",
        target=row,
        before={**where, "parameter": place.parameter, "value": old},
        after={**where, "parameter": place.parameter, "value": new, "reason": reason, "change": change.pk},
    )
    pagecache.retire()
    _after_commit(place)
    return change


def red_flag_threshold_set(
    *,
    actor: Actor | None,
    country: str,
    method: str,
    indicator: str,
    parameter: str,
    value: Any,
    reason: str,
) -> RedFlagThreshold:
    """Set one parameter of one indicator for a country and method (blank: every one); see the module docstring."""
    _check_actor(actor)
    place = check_place(country=country, method=method, indicator=indicator, parameter=parameter)
    value = check_value(place, value)
    reason = check_reason(reason)
    with transaction.atomic():
        row = (
            RedFlagThreshold.objects.select_for_update()
            .filter(country=place.country, method=place.method, indicator=place.indicator, parameter=place.parameter)
            .first()
        )
        old = _in_use(place)
        action = RedFlagThresholdChange.Action.CHANGED if row is not None else RedFlagThresholdChange.Action.SET
        if row is None:
            row = RedFlagThreshold(
                country=place.country, method=place.method, indicator=place.indicator, parameter=place.parameter
            )
        elif row.value == value:
            raise ApplicationError(_("This value is already set: nothing changes."), field="value")
        row.value = value
        row.reason = reason
        row.changed_by = person(actor)
        row.changed_at = timezone.now()
        row.save()
        _record(actor=actor, row=row, action=action, place=place, old=old, new=_in_use(place), reason=reason)
    return row


def red_flag_threshold_remove(*, actor: Actor | None, threshold: RedFlagThreshold, reason: str) -> None:
    """Remove a row: the settings' (or the default) value applies again at its place. Recorded and published."""
    _check_actor(actor)
    reason = check_reason(reason)
    with transaction.atomic():
        row = RedFlagThreshold.objects.select_for_update().filter(pk=threshold.pk).first()
        if row is None:
            raise ApplicationError(_("This threshold was already removed."))
        place = Place(row.country, row.method, row.indicator, row.parameter)
        old = _in_use(place)
        pk = row.pk
        row.delete()
        row.pk = pk  # the audit event names the row that was removed
        _record(
            actor=actor,
            row=row,
            action=RedFlagThresholdChange.Action.REMOVED,
            place=place,
            old=old,
            new=_in_use(place),
            reason=reason,
        )
