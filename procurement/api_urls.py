from __future__ import annotations

from rest_framework.routers import SimpleRouter

from procurement import api

router = SimpleRouter()
router.register("public-bodies", api.PublicBodyViewSet, basename="public-body")
router.register("challenges", api.ChallengeViewSet, basename="challenge")
router.register("calls", api.CallViewSet, basename="call")

urlpatterns = router.urls
