from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govtech.core.errors import ApplicationError
from govtech.notifications.saved_searches import Hit, register_scope
from procurement.calls.filters import CALL_PARAMS, CallFilter
from procurement.calls.models import Call

SCOPE = "calls"


def call_params_validate(params: dict[str, Any]) -> None:
    """Refuse parameters the opportunities page would refuse (unknown names, bad values)."""
    unknown = sorted(set(params) - set(CALL_PARAMS))
    if unknown:
        raise ApplicationError(_("Unknown search parameter: %(name)s.") % {"name": unknown[0]}, field="params")
    form = CallFilter({k: str(v) for k, v in params.items()}, queryset=Call.objects.none()).form
    if not form.is_valid():
        name, errors = next(iter(form.errors.items()))
        raise ApplicationError(str(errors[0]), field=name if name != "__all__" else "params")


def calls_find(search: Any, since: datetime | None) -> list[Hit]:
    """Open calls matching the saved filters, published since the last run (all open ones on the first)."""
    params = {k: str(v) for k, v in (search.params or {}).items() if k in CALL_PARAMS}
    qs = Call.objects.open().select_related("body")
    if since is not None:
        qs = qs.filter(published_at__gt=since)
    filterset = CallFilter(params, queryset=qs, request=SimpleNamespace(user=search.user))
    if not filterset.is_valid():
        return []
    return [
        Hit(
            key=str(call.pk),
            title=call.title,
            url=reverse("procurement:call", args=[call.pk]),
            group_key=f"call:{call.pk}",
            group_label=call.title,
        )
        for call in filterset.qs
    ]


def register() -> None:
    register_scope(SCOPE, label=gettext_lazy("Calls"), finder=calls_find, validate=call_params_validate)
