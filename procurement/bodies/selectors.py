"""Reads about public bodies: the directory, the verification queue, members, what a body published."""

from __future__ import annotations

import zoneinfo
from collections import Counter
from typing import Any

from django.db.models import QuerySet

from govtech.accounts.models import Membership
from procurement.bodies.models import PublicBody
from procurement.calls.models import Call
from procurement.challenges.models import Challenge


def active_public_bodies_by_level() -> dict[str, int]:
    return dict(Counter(PublicBody.objects.verified().values_list("level", flat=True)))


def public_body_directory(*, country: str = "", level: str = "", kind: str = "") -> QuerySet[PublicBody]:
    """Verified bodies only: the public directory, filtered by country, level and kind."""
    qs = PublicBody.objects.verified().select_related("organisation", "parent__organisation")
    if country:
        qs = qs.filter(country=country.upper()[:2])
    if level:
        qs = qs.filter(level=level)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("organisation__name")


def public_body_queue() -> QuerySet[PublicBody]:
    """What admins decide: bodies waiting for verification."""
    return (
        PublicBody.objects.filter(verification_status=PublicBody.Verification.PENDING)
        .select_related("organisation", "proposed_by", "parent__organisation")
        .order_by("pk")
    )


def approver_requests() -> QuerySet[Any]:
    """Claims to be the first approver of a verified body that has no active approver (unconfirmed proposers,
    claims of imported bodies): admins decide them, with evidence. Where the body has an approver, it decides."""

    with_approver = Membership.objects.active().filter(role=Membership.Role.APPROVER).values("organisation_id")
    return (
        Membership.objects.filter(
            role=Membership.Role.APPROVER,
            status=Membership.Status.REQUESTED,
            organisation__public_body__verification_status=PublicBody.Verification.VERIFIED,
        )
        .exclude(organisation_id__in=with_approver)
        .select_related("user", "organisation__public_body")
        .order_by("pk")
    )


def body_members(body: PublicBody) -> QuerySet[Any]:

    return (
        Membership.objects.filter(organisation_id=body.organisation_id)
        .exclude(status=Membership.Status.REVOKED)
        .select_related("user")
        .order_by("status", "role", "user__email")
    )


def body_published(body: PublicBody) -> tuple[QuerySet[Any], QuerySet[Call]]:
    """A body's published challenges and its open calls, for its public profile."""

    challenges = Challenge.objects.published().filter(body_id=body.organisation_id).order_by("-published_at")
    calls = Call.objects.open().filter(body_id=body.organisation_id).order_by("submission_deadline")
    return challenges, calls


def approver_names(body_id: int) -> list[str]:
    """The names of the body's active approvers: the people a hint sends someone to."""
    return [
        m.user.get_full_name() or m.user.email
        for m in Membership.objects.filter(
            organisation_id=body_id, role=Membership.Role.APPROVER, status=Membership.Status.ACTIVE
        )
        .select_related("user")
        .order_by("user__full_name", "user__email")
    ]


def body_zone(body_id: int) -> str:
    """The body's time zone: its dates are entered and shown in it."""
    zone = PublicBody.objects.filter(organisation_id=body_id).values_list("timezone", flat=True).first()
    try:
        zoneinfo.ZoneInfo(zone or "")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return Call._meta.get_field("timezone").default
    return str(zone)
