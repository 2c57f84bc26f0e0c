from __future__ import annotations

from io import StringIO

import pytest

from govtech.devtools.demo import accounts as accounts_demo
from govtech.devtools.demo import recommendations as demo
from recommendations.models import Assessment, AssessmentSnapshot, Recommendation, RecommendationVersion

pytestmark = pytest.mark.django_db


def test_the_demo_loads_a_proposal_in_review_and_a_published_assessment_once():
    accounts_demo.load(StringIO())
    demo.load(StringIO())
    counts = (RecommendationVersion.objects.count(), Assessment.objects.count(), AssessmentSnapshot.objects.count())
    assert Recommendation.objects.filter(status="in_review").count() == 1
    assert Assessment.objects.published().count() == 1
    demo.load(StringIO())
    assert (
        RecommendationVersion.objects.count(),
        Assessment.objects.count(),
        AssessmentSnapshot.objects.count(),
    ) == counts
