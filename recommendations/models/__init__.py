"""The recommendations app's models, split by sub-domain."""

from recommendations.models.assessments import (
    ASSESSOR_ROLES,
    Assessment,
    AssessmentItem,
    AssessmentSnapshot,
)
from recommendations.models.catalogue import (
    TRANSLATED_FIELDS,
    LineOfAction,
    NumberAlias,
    Recommendation,
    RecommendationVersion,
)
from recommendations.models.instruments import Instrument, PracticeLink

__all__ = [
    "ASSESSOR_ROLES",
    "TRANSLATED_FIELDS",
    "Assessment",
    "AssessmentItem",
    "AssessmentSnapshot",
    "Instrument",
    "LineOfAction",
    "NumberAlias",
    "PracticeLink",
    "Recommendation",
    "RecommendationVersion",
]
