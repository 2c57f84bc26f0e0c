"""The recommendations block of the home page, suited to the visitor."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from govtech.accounts.models import Organisation
from govtech.accounts.navigation import holds_in_request
from govtech.core import fragments, pagecache
from recommendations.models import ASSESSOR_ROLES, Recommendation
from recommendations.permissions import can_read_curation
from recommendations.selectors import assessable_bodies


def published_count() -> int:
    """The published recommendations: public, so counted once per change of what visitors see (the page cache's
    ``public`` version, bumped by every write to the catalogue) and at most a minute, as the visitors' cached home
    page shows it, rather than on every signed-in home page."""
    return fragments.get_or_build(
        pagecache.PUBLIC, ("home-recommendations",), Recommendation.objects.published().count, pagecache.TIMEOUT
    )


def home_blocks(request: HttpRequest) -> list[str]:
    context = {
        "count": published_count(),
        # no query for someone who assesses for no public body (the header reads the roles anyway)
        "bodies": list(assessable_bodies(request.user))
        if holds_in_request(request, Organisation.Kind.PUBLIC_BODY.value, ASSESSOR_ROLES)
        else [],
        "curator": can_read_curation(request.user),
        "in_review": Recommendation.objects.filter(status=Recommendation.Status.IN_REVIEW).count()
        if can_read_curation(request.user)
        else 0,
    }
    return [render_to_string("recommendations/home_block.html", context, request=request)]
