from __future__ import annotations

from rest_framework.routers import SimpleRouter

from startups import api

router = SimpleRouter()
router.register("suppliers", api.SupplierViewSet, basename="supplier")
router.register("solutions", api.SolutionViewSet, basename="solution")
router.register("references", api.ReferenceViewSet, basename="reference")
router.register("memberships", api.MembershipViewSet, basename="membership")
router.register("sectors", api.SectorViewSet, basename="sector")
router.register("technologies", api.TechnologyViewSet, basename="technology")
router.register("cpv-codes", api.CpvCodeViewSet, basename="cpv-code")

urlpatterns = router.urls
