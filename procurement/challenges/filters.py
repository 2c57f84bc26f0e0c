"""The challenges list's search and filters."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from govtech.core.forms import GovukForm
from procurement.challenges.models import Challenge
from procurement.challenges.selectors import NEWEST, RELEVANCE
from procurement.filters import TextFilterSet

CHALLENGE_ORDERINGS = [("newest", _("Newest")), ("relevance", _("Relevance (with a search)")), ("title", _("Title"))]


class ChallengeFilter(TextFilterSet):
    """The public challenges page and ``/api/v1/challenges/``."""

    status = django_filters.ChoiceFilter(
        choices=Challenge.Status.choices, label=_("Status"), empty_label=_("Any status")
    )
    ordering = django_filters.ChoiceFilter(
        method="filter_ordering", choices=CHALLENGE_ORDERINGS, label=_("Sort by"), empty_label=None
    )

    class Meta:
        model = Challenge
        fields: list[str] = []
        form = GovukForm

    def filter_ordering(self, qs: QuerySet[Challenge], name: str, value: str) -> QuerySet[Challenge]:
        return qs

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        qs = super().filter_queryset(queryset)
        ordering = self.form.cleaned_data.get("ordering") or ""
        if not ordering:
            ordering = "relevance" if self.form.cleaned_data.get("q") else "newest"
        if ordering == "relevance" and "rank" in qs.query.annotations:
            return qs.order_by(*RELEVANCE)
        if ordering == "title":
            return qs.order_by("title", "pk")
        return qs.order_by(*NEWEST)
