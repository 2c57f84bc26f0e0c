"""The catalogue's work that waits for someone: recommendations in review wait for a publisher."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy

from govtech.notifications.waiting import WaitingItem, WaitingWork, register_waiting_work
from recommendations.models import Recommendation
from recommendations.permissions import can_publish_catalogue


def in_review(user: Any) -> QuerySet[Recommendation] | None:
    if not can_publish_catalogue(user):
        return None
    return (
        Recommendation.objects.filter(status=Recommendation.Status.IN_REVIEW)
        .select_related("latest_version", "published_version")
        .order_by("updated_at", "pk")
    )


def _item(recommendation: Recommendation) -> WaitingItem:
    return WaitingItem(
        label=str(recommendation), url=reverse("recommendations:curation-detail", args=[recommendation.slug])
    )


def register() -> None:
    register_waiting_work(
        WaitingWork("recommendations_in_review", gettext_lazy("Recommendations to review"), in_review, _item, 90)
    )
