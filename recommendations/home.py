"""The recommendations block of the home page, suited to the visitor."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from recommendations.models import Recommendation
from recommendations.permissions import can_read_curation
from recommendations.selectors import assessable_bodies


def home_blocks(request: HttpRequest) -> list[str]:
    context = {
        "count": Recommendation.objects.published().count(),
        "bodies": list(assessable_bodies(request.user)),
        "curator": can_read_curation(request.user),
        "in_review": Recommendation.objects.filter(status=Recommendation.Status.IN_REVIEW).count()
        if can_read_curation(request.user)
        else 0,
    }
    return [render_to_string("recommendations/home_block.html", context, request=request)]
