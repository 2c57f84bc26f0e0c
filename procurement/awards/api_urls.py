from __future__ import annotations

from rest_framework.routers import SimpleRouter

from procurement.awards import api

router = SimpleRouter()
router.register("awards", api.AwardViewSet, basename="award")
router.register("decisions", api.DecisionViewSet, basename="decision")
router.register("complaints", api.ComplaintViewSet, basename="complaint")
router.register("milestones", api.MilestoneViewSet, basename="milestone")

urlpatterns = router.urls
