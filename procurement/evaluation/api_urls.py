from __future__ import annotations

from rest_framework.routers import SimpleRouter

from procurement.evaluation import api

router = SimpleRouter()
router.register("evaluations", api.EvaluationViewSet, basename="evaluation")

urlpatterns = router.urls
