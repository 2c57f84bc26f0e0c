"""Arrangements shared by the evaluation tests: a call with two opened applications and a panel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from govtech.accounts.models import Membership, Organisation
from procurement.applications.models import Application
from procurement.calls.models import Call
from procurement.evaluation import services
from procurement.evaluation.models import PanelMember
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.procurement.factories import make_application, open_applications, pass_deadline, published_call


def body_evaluator(body: Organisation, email: str) -> Any:
    return MembershipFactory(user=UserFactory(email=email), organisation=body, role=Membership.Role.EVALUATOR).user


@dataclass
class Scene:
    call: Call
    mine: Application  # supplier_org's
    theirs: Application  # other_supplier_org's
    seat: PanelMember  # the evaluator persona's

    def refresh(self) -> Scene:
        self.call.refresh_from_db()
        self.seat.refresh_from_db()
        return self


def scene(
    *,
    body: Organisation,
    supplier: Organisation,
    other: Organisation,
    supplier_user: Any,
    other_user: Any,
    approver: Any,
    evaluator: Any,
    opened: bool = True,
    **panel: Any,
) -> Scene:
    """A published call, two submitted applications, a panel (configured by the approver) with ``evaluator``."""
    call = published_call(body)
    mine = make_application(call, supplier, by=supplier_user)
    theirs = make_application(call, other, by=other_user)
    if panel:
        services.panel_configure(
            call=call,
            actor=approver,
            **({"scale_max": 10, "disagreement_threshold": "3", "blind_first_round": False} | panel),
        )
    seat = services.panel_member_add(call=call, user=evaluator, actor=approver)
    if opened:
        open_now(call, approver)
    return Scene(call=call, mine=mine, theirs=theirs, seat=seat)


def open_now(call: Call, by: Any) -> None:
    pass_deadline(call)
    open_applications(call, by)


def score_all(scene_: Scene, seat: PanelMember, application: Application, values: dict[str, Any]) -> None:
    for criterion, value in values.items():
        services.score_record(
            member=seat,
            application=application,
            criterion=criterion,
            score=value,
            justification=f"Because {criterion}",
            actor=seat.user,
        )
