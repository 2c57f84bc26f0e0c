"""Reads of matching: suggestions for a target (officers), recommendations for a supplier's people."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from govtech.accounts.roles import Actor
from procurement.matching.models import MatchDismissal, MatchInvitation, MatchResult
from procurement.matching.sources import candidate_suppliers
from procurement.matching.targets import target_kind
from startups.models import Supplier


def supplier_ids_of(user: Actor) -> list[int]:
    """The registry suppliers ``user`` is an active member of."""

    return list(Supplier.objects.of_user(user).order_by().values_list("pk", flat=True).distinct())


def suggestions_for(target: Any) -> QuerySet[MatchResult]:
    """The stored ranking for a call or challenge, best first, with whether each supplier was invited."""

    kind = target_kind(target)
    invited = MatchInvitation.objects.filter(**{kind: target}, supplier_id=OuterRef("supplier_id"))
    return (
        MatchResult.objects.filter(**{kind: target})
        .filter(supplier__in=candidate_suppliers().order_by().values("pk"))  # suspended since: not shown
        .select_related("supplier", "supplier__organisation")
        .annotate(invited=Exists(invited))
        .order_by("rank", "pk")
    )


def recommendations_for(user: Actor) -> QuerySet[MatchResult]:
    """Open calls and published challenges recommended to the user's suppliers, not dismissed, best first."""
    dismissed_call = MatchDismissal.objects.filter(supplier_id=OuterRef("supplier_id"), call_id=OuterRef("call_id"))
    dismissed_challenge = MatchDismissal.objects.filter(
        supplier_id=OuterRef("supplier_id"), challenge_id=OuterRef("challenge_id")
    )
    return (
        MatchResult.objects.filter(supplier_id__in=Supplier.objects.of_user(user).order_by().values("pk"))
        .open_targets()
        .exclude(Exists(dismissed_call))
        .exclude(Exists(dismissed_challenge))
        .select_related("call", "call__body", "challenge", "challenge__body", "supplier", "supplier__organisation")
        .order_by("-score", "pk")
    )


def recommendations_for_home(user: Actor, *, limit: int) -> list[MatchResult]:
    """The first ``limit`` of ``recommendations_for``, with only what the home page's block shows (the target's
    title and its body's name)."""
    return list(
        recommendations_for(user)
        .select_related(None)
        .select_related("call__body", "challenge__body")
        .only(
            "pk",
            "call_id",
            "challenge_id",
            "call__title",
            "call__body__name",
            "challenge__title",
            "challenge__body__name",
        )[:limit]
    )


def recommendation_of(user: Actor, pk: int) -> MatchResult:
    """One of the user's recommendations (``MatchResult.DoesNotExist`` otherwise: a 404)."""
    return recommendations_for(user).get(pk=pk)
