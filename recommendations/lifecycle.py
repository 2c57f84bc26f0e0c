"""The curation workflows: a recommendation goes through review to publication; an instrument is simpler."""

from __future__ import annotations

from govtech.core.lifecycle import Lifecycle
from recommendations.models import Instrument, Recommendation

R = Recommendation.Status
I = Instrument.Status  # noqa: E741 - the instrument's statuses, as R is the recommendation's

RECOMMENDATION = Lifecycle.of(
    "recommendation",
    {
        R.DRAFT: {R.IN_REVIEW, R.ARCHIVED},
        R.IN_REVIEW: {R.DRAFT, R.PUBLISHED, R.ARCHIVED},
        R.PUBLISHED: {R.ARCHIVED},
        R.ARCHIVED: {R.DRAFT},
    },
)

INSTRUMENT = Lifecycle.of(
    "instrument",
    {
        I.DRAFT: {I.PUBLISHED, I.ARCHIVED},
        I.PUBLISHED: {I.DRAFT, I.ARCHIVED},
        I.ARCHIVED: {I.DRAFT},
    },
)
