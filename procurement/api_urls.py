from __future__ import annotations

from rest_framework.routers import SimpleRouter

from procurement.bodies.api import PublicBodyViewSet
from procurement.calls.api import CallViewSet
from procurement.challenges.api import ChallengeViewSet

router = SimpleRouter()
router.register("public-bodies", PublicBodyViewSet, basename="public-body")
router.register("challenges", ChallengeViewSet, basename="challenge")
router.register("calls", CallViewSet, basename="call")

urlpatterns = router.urls
