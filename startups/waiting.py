"""The registry's work that waits for someone, for the header's "needs you" list (``govtech.notifications.waiting``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govtech.accounts.models import Membership
from govtech.accounts.roles import is_admin, person
from govtech.notifications.waiting import WaitingItem, WaitingWork, register_waiting_work
from startups import selectors
from startups.models import Supplier


def suppliers_to_verify(user: Any) -> QuerySet[Supplier] | None:
    if not is_admin(user):
        return None
    return (
        Supplier.objects.filter(verification_status=Supplier.Verification.PENDING)
        .select_related("organisation")
        .order_by("created_at", "pk")
    )


def _supplier_item(supplier: Supplier) -> WaitingItem:
    return WaitingItem(label=supplier.display_name, url=reverse("startups:moderation", args=[supplier.slug]))


def join_requests(user: Any) -> QuerySet[Membership] | None:
    owned = Membership.objects.filter(
        user=person(user), status=Membership.Status.ACTIVE, role=Membership.Role.OWNER
    ).values("organisation_id")
    return (
        Membership.objects.filter(
            status=Membership.Status.REQUESTED, organisation_id__in=owned, organisation__supplier__isnull=False
        )
        .select_related("user", "organisation")
        .order_by("updated_at", "pk")
    )


def _join_item(membership: Membership) -> WaitingItem:
    return WaitingItem(
        label=_("%(person)s asks to join %(organisation)s")
        % {"person": str(membership.user), "organisation": membership.organisation.name},
        url=reverse("startups:team", args=[membership.organisation.slug]),
    )


def invitations(user: Any) -> QuerySet[Membership]:
    return selectors.invitations_for(user).order_by("updated_at", "pk")


def _invitation_item(membership: Membership) -> WaitingItem:
    return WaitingItem(
        label=_("Invitation to join %(organisation)s") % {"organisation": membership.organisation.name},
        url=reverse("startups:invitations"),
    )


def _owns(held: frozenset[tuple[str, str]]) -> bool:
    """``held_by`` of join requests: they wait only for owners (of an organisation of any kind: the query asks
    whether it is a supplier)."""
    return any(role == Membership.Role.OWNER for _kind, role in held)


def register() -> None:
    for provider in (
        WaitingWork(
            "suppliers_to_verify", gettext_lazy("Suppliers to verify"), suppliers_to_verify, _supplier_item, 50
        ),
        WaitingWork(
            "supplier_requests",
            gettext_lazy("Requests to join your organisation"),
            join_requests,
            _join_item,
            75,
            _owns,
        ),
        WaitingWork("supplier_invitations", gettext_lazy("Invitations for you"), invitations, _invitation_item, 80),
    ):
        register_waiting_work(provider)
