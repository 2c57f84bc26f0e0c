"""How the audit trail shows applications: sealed until the call's applications are opened.

Registered from ``ApplicationsConfig.ready()``. Before the opening, a row about an application names nothing
(the neutral ``"applications.application #<id>"``) and is masked (no actor, organisation, before or after:
``govtech.audit.seal``) for every reader who is not one of the applicant's own members, administrators and
auditors included: its actor is the applicant's person, its organisation the applicant, its ``after`` the call
(counting rows per call would tell how many applied). Once the applications are opened the rows read whole, and
the application is named by its title and applicant.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast

from govtech.audit import names, seal
from procurement.applications.models import Application


def sealed_application_ids(viewer: Any) -> QuerySet[Any]:
    """The applications sealed for ``viewer`` (their pks as text): every application, draft or submitted, of a
    call whose applications are not opened, except those of the viewer's own organisations."""
    return (
        Application.objects.filter(call__opening__isnull=True)
        .exclude(pk__in=Application.objects.of_supplier_member(viewer).values("pk"))
        .annotate(pk_text=Cast("pk", CharField()))
        .values("pk_text")
    )


def application_names(ids: Sequence[str], viewer: Any) -> dict[str, str | None]:
    """Name the applications whose call was opened (or that are the viewer's own); the others stay neutral."""
    pks = [int(pk) for pk in ids if pk.isdigit()]
    own = set(Application.objects.of_supplier_member(viewer).filter(pk__in=pks).values_list("pk", flat=True))
    rows = Application.objects.filter(pk__in=pks).select_related("supplier", "call__opening")
    named: dict[str, str | None] = {}
    for application in rows:
        opened = getattr(application.call, "opening", None) is not None
        if not (opened or application.pk in own):
            named[str(application.pk)] = None
            continue
        title = application.title or f"#{application.pk}"
        named[str(application.pk)] = f"{title} ({application.supplier.name})"[:255]
    return named


def register() -> None:
    names.register(Application, application_names)
    seal.register(Application, sealed_application_ids)
