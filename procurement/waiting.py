"""Procurement's work that waits for someone, for the header's "needs you" list (``govtech.notifications.waiting``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govtech.accounts.models import Membership, Organisation
from govtech.accounts.roles import is_admin, person
from govtech.notifications.waiting import WaitingItem, WaitingWork, register_waiting_work
from procurement.awards.models import Complaint
from procurement.bodies.models import PublicBody
from procurement.bodies.permissions import APPROVER_ROLES, OFFICER_ROLES
from procurement.calls.models import Call
from procurement.evaluation.models import PanelMember


def _bodies(user: Any, roles: frozenset[str]) -> QuerySet[Membership, Any]:
    """The public bodies where ``user`` holds one of ``roles``, as a subquery: the header's count stays
    one query for every provider together."""
    return Membership.objects.filter(
        user=person(user),
        status=Membership.Status.ACTIVE,
        role__in=roles,
        organisation__kind=Organisation.Kind.PUBLIC_BODY,
    ).values("organisation_id")


def calls_to_approve(user: Any) -> QuerySet[Call] | None:
    bodies = _bodies(user, APPROVER_ROLES)
    return Call.objects.filter(status=Call.Status.IN_APPROVAL, body_id__in=bodies).order_by("updated_at", "pk")


def _call_item(call: Call) -> WaitingItem:
    return WaitingItem(
        label=call.title, url=reverse("procurement:officer_call", args=[call.pk]), due=call.expected_decision
    )


def decisions_to_take(user: Any) -> QuerySet[Call] | None:
    """Calls whose whole panel has submitted its scores: the approvers decide."""
    bodies = _bodies(user, APPROVER_ROLES)
    active = PanelMember.objects.filter(panel__call=OuterRef("pk"), status=PanelMember.Status.ACTIVE)
    return (
        Call.objects.filter(status=Call.Status.IN_EVALUATION, body_id__in=bodies)
        .filter(Exists(active))
        .exclude(Exists(active.filter(submitted_at__isnull=True)))
        .order_by("expected_decision", "pk")
    )


def _decision_item(call: Call) -> WaitingItem:
    return WaitingItem(label=call.title, url=reverse("awards:decide", args=[call.pk]), due=call.expected_decision)


def evaluations_to_do(user: Any) -> QuerySet[PanelMember] | None:
    return (
        PanelMember.objects.filter(
            user=person(user),
            status=PanelMember.Status.ACTIVE,
            submitted_at__isnull=True,
            panel__call__status__in=[Call.Status.CLOSED, Call.Status.IN_EVALUATION],
        )
        .select_related("panel__call")
        .order_by("panel__call__expected_decision", "pk")
    )


def _evaluation_item(member: PanelMember) -> WaitingItem:
    call = member.panel.call
    return WaitingItem(
        label=call.title, url=reverse("evaluation:call", kwargs={"call_id": call.pk}), due=call.expected_decision
    )


def complaints_to_answer(user: Any) -> QuerySet[Complaint] | None:
    bodies = _bodies(user, OFFICER_ROLES)
    return (
        Complaint.objects.filter(status=Complaint.Status.FILED, decision__call__body_id__in=bodies)
        .select_related("decision__call", "application__supplier")
        .order_by("filed_at", "pk")
    )


def _complaint_item(complaint: Complaint) -> WaitingItem:
    return WaitingItem(
        label=_("Complaint on “%(title)s”") % {"title": complaint.decision.call.title},
        url=reverse("awards:complaint", args=[complaint.pk]),
        detail=_("filed on %(date)s") % {"date": complaint.filed_at.date().isoformat()},
    )


def bodies_to_verify(user: Any) -> QuerySet[PublicBody] | None:
    if not is_admin(user):
        return None
    return (
        PublicBody.objects.filter(verification_status=PublicBody.Verification.PENDING)
        .select_related("organisation")
        .order_by("pk")
    )


def _body_item(body: PublicBody) -> WaitingItem:
    return WaitingItem(label=body.organisation.name, url=reverse("bodies:queue"))


def claims_to_confirm(user: Any) -> QuerySet[Membership] | None:
    """First-owner claims on bodies imported from open data: an admin confirms them."""
    if not is_admin(user):
        return None
    return (
        Membership.objects.filter(
            status=Membership.Status.REQUESTED,
            role=Membership.Role.APPROVER,
            organisation__public_body__imported=True,
            organisation__public_body__claimed=False,
            organisation__public_body__verification_status=PublicBody.Verification.VERIFIED,
        )
        .select_related("user", "organisation")
        .order_by("updated_at", "pk")
    )


def _claim_item(membership: Membership) -> WaitingItem:
    return WaitingItem(
        label=_("%(person)s claims %(organisation)s")
        % {"person": str(membership.user), "organisation": membership.organisation.name},
        url=reverse("bodies:queue"),
    )


def body_join_requests(user: Any) -> QuerySet[Membership] | None:
    bodies = _bodies(user, APPROVER_ROLES)
    return (
        Membership.objects.filter(status=Membership.Status.REQUESTED, organisation_id__in=bodies)
        .select_related("user", "organisation__public_body")
        .order_by("updated_at", "pk")
    )


def _join_item(membership: Membership) -> WaitingItem:
    return WaitingItem(
        label=_("%(person)s asks to join %(organisation)s")
        % {"person": str(membership.user), "organisation": membership.organisation.name},
        url=reverse("bodies:members", args=[membership.organisation.public_body.slug]),
    )


def _holds(roles: frozenset[str]) -> Callable[[frozenset[tuple[str, str]]], bool]:
    """``held_by`` for work that waits only for holders of one of ``roles`` in a public body (``_bodies``)."""
    pairs = {(Organisation.Kind.PUBLIC_BODY.value, str(role)) for role in roles}
    return lambda held: not pairs.isdisjoint(held)


def register() -> None:
    for provider in (
        WaitingWork(
            "calls_to_approve",
            gettext_lazy("Calls to approve"),
            calls_to_approve,
            _call_item,
            10,
            _holds(APPROVER_ROLES),
        ),
        WaitingWork(
            "decisions_to_take",
            gettext_lazy("Decisions to take"),
            decisions_to_take,
            _decision_item,
            20,
            _holds(APPROVER_ROLES),
        ),
        WaitingWork("evaluations", gettext_lazy("Applications to evaluate"), evaluations_to_do, _evaluation_item, 30),
        WaitingWork(
            "complaints",
            gettext_lazy("Complaints to answer"),
            complaints_to_answer,
            _complaint_item,
            40,
            _holds(OFFICER_ROLES),
        ),
        WaitingWork("bodies_to_verify", gettext_lazy("Public bodies to verify"), bodies_to_verify, _body_item, 60),
        WaitingWork(
            "body_claims", gettext_lazy("Claims of imported public bodies"), claims_to_confirm, _claim_item, 65
        ),
        WaitingWork(
            "body_requests",
            gettext_lazy("Requests to join your public body"),
            body_join_requests,
            _join_item,
            70,
            _holds(APPROVER_ROLES),
        ),
    ):
        register_waiting_work(provider)
