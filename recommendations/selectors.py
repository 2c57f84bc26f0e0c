"""Composite reads for the recommendations pages and API."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet

from govtech.accounts.models import Membership, Organisation
from govtech.accounts.roles import Actor, signed_in
from recommendations.models import (
    ASSESSOR_ROLES,
    Assessment,
    AssessmentItem,
    Instrument,
    LineOfAction,
    NumberAlias,
    PracticeLink,
    Recommendation,
    RecommendationVersion,
)


def catalogue_lines(
    *, user: Actor | None = None, published_only: bool = True
) -> list[tuple[LineOfAction, list[Recommendation]]]:
    """Lines of action with their recommendations (published ones unless curating)."""
    recs = (
        Recommendation.objects.published()
        if published_only
        else Recommendation.objects.visible_to(user or AnonymousUser())
    )
    recs = recs.with_content().order_by("number")
    grouped: dict[int, list[Recommendation]] = {}
    for rec in recs:
        grouped.setdefault(rec.line_id, []).append(rec)
    return [(line, grouped.get(line.pk, [])) for line in LineOfAction.objects.order_by("number")]


def recommendation_public(slug: str) -> Recommendation:
    """A published recommendation with what its public page shows (raises DoesNotExist)."""
    return (
        Recommendation.objects.published()
        .with_content()
        .prefetch_related(
            Prefetch("instruments", queryset=Instrument.objects.published()),
            Prefetch("practice_links", queryset=PracticeLink.objects.select_related("organisation")),
        )
        .get(slug=slug)
    )


def recommendation_by_number(number: int) -> Recommendation | None:
    """Who holds this number now or, failing that, who held it last (for old links)."""
    current = Recommendation.objects.filter(number=number).first()
    if current is not None:
        return current
    alias = NumberAlias.objects.filter(number=number).select_related("recommendation").first()
    return alias.recommendation if alias else None


def published_versions(recommendation: Recommendation) -> QuerySet[RecommendationVersion]:
    return recommendation.versions.filter(published_at__isnull=False).select_related("published_by")


def all_versions(recommendation: Recommendation) -> QuerySet[RecommendationVersion]:
    return recommendation.versions.select_related("created_by", "published_by", "restored_from")


@dataclass
class AssessmentRow:
    recommendation: Recommendation
    item: AssessmentItem | None


def assessment_rows(assessment: Assessment | None) -> list[AssessmentRow]:
    items = {i.recommendation_id: i for i in assessment.items.all()} if assessment else {}
    recs = Recommendation.objects.published().with_content().order_by("number")
    return [AssessmentRow(recommendation=r, item=items.get(r.pk)) for r in recs]


def assessable_bodies(user: Actor) -> QuerySet[Organisation]:
    """Public bodies where ``user`` is an active officer or approver."""

    if not signed_in(user):
        return Organisation.objects.none()
    return (
        Organisation.objects.public_bodies()
        .filter(
            memberships__user=user, memberships__status=Membership.Status.ACTIVE, memberships__role__in=ASSESSOR_ROLES
        )
        .distinct()
    )
