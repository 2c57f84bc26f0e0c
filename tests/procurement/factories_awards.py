"""Test data for decisions and awards: an opened call with a panel, declarations and scores (ORM, arranging only)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from govtech.accounts.models import Organisation
from procurement.applications.models import Application
from procurement.awards.models import Decision
from procurement.calls.models import Call
from procurement.evaluation.models import Declaration, PanelMember, Score
from tests.factories import SupplierOrganisationFactory
from tests.procurement.factories_applications import (
    make_application,
    make_panel,
    open_applications,
    pass_deadline,
    published_call,
)


def scored_call(body: Organisation, approver: Any, evaluator: Any, suppliers: list[tuple[Organisation, Any]],
                scores: list[tuple[int, int]], **call: Any) -> tuple[Call, list[Application]]:  # fmt: skip
    """A closed, opened call with one application per supplier, a panel of ``evaluator`` with no-conflict
    declarations, and scores (innovation, price) per application. Defaults to a call without phases."""
    call_obj = published_call(body, **({"phases": [], "instrument": Call.Instrument.PILOT} | call))
    applications = [make_application(call_obj, org, by=user) for org, user in suppliers]
    pass_deadline(call_obj)
    open_applications(call_obj, approver)
    panel = make_panel(call_obj, evaluator, named_by=approver)
    member = PanelMember.objects.get(panel=panel, user=evaluator)
    for application, (innovation, price) in zip(applications, scores, strict=True):
        Declaration.objects.create(member=member, application=application, conflict=False,
                                   statement="Sin relación con el proponente", signed_at=timezone.now())  # fmt: skip
        Score.objects.create(member=member, application=application, criterion="innovation",
                             score=Decimal(innovation), justification=f"Innovación {innovation}: buena idea")  # fmt: skip
        Score.objects.create(member=member, application=application, criterion="price",
                             score=Decimal(price), justification=f"Precio {price}: razonable")  # fmt: skip
    call_obj.refresh_from_db()
    return call_obj, applications


def second_supplier() -> tuple[Organisation, Any]:
    from tests.factories import MembershipFactory, UserFactory

    org = SupplierOrganisationFactory(name="Movilidad Viva SAS", country="CO")
    user = MembershipFactory(user=UserFactory(email="owner@movilidadviva.co"), organisation=org, role="owner").user
    return org, user


def end_standstill(decision: Decision) -> Decision:
    Decision.objects.filter(pk=decision.pk).update(standstill_ends_at=timezone.now() - datetime.timedelta(seconds=1))
    decision.refresh_from_db()
    return decision
