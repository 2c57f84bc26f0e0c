"""``/api/v1/recommendations/``, ``/api/v1/assessments/``, ``/api/v1/indicators/``, ``/api/v1/instruments/``."""

from rest_framework.routers import SimpleRouter

from recommendations.api import AssessmentViewSet, IndicatorViewSet, InstrumentViewSet, RecommendationViewSet

router = SimpleRouter()
router.register("recommendations", RecommendationViewSet, basename="recommendation")
router.register("assessments", AssessmentViewSet, basename="assessment")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("instruments", InstrumentViewSet, basename="instrument")

urlpatterns = router.urls
