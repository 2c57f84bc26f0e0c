"""Reads of matching: suggestions for a target (officers), recommendations for a supplier's people."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from govtech.accounts.roles import Actor
from procurement.matching.models import MatchDismissal, MatchInvitation, MatchResult
from procurement.matching.sources import candidate_suppliers
from procurement.matching.targets import target_kind
from startups.selectors import supplier_of_user


def supplier_ids_of(user: Actor) -> list[int]:
    """The registry suppliers ``user`` is an active member of."""

    return [s.pk for s in supplier_of_user(user)]


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
        MatchResult.objects.filter(supplier_id__in=supplier_ids_of(user))
        .open_targets()
        .exclude(Exists(dismissed_call))
        .exclude(Exists(dismissed_challenge))
        .select_related("call", "call__body", "challenge", "challenge__body", "supplier", "supplier__organisation")
        .order_by("-score", "pk")
    )


def recommendation_of(user: Actor, pk: int) -> MatchResult:
    """One of the user's recommendations (``MatchResult.DoesNotExist`` otherwise: a 404)."""
    return recommendations_for(user).get(pk=pk)
