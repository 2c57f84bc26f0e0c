from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from procurement.matching import api

router = SimpleRouter()
router.register("matches", api.MatchViewSet, basename="match")

urlpatterns = [
    path("calls/<int:pk>/suggested-suppliers/", api.CallSuggestions.as_view(), name="call-suggested-suppliers"),
    path(
        "calls/<int:pk>/suggested-suppliers/<int:supplier_id>/invite/",
        api.CallInvite.as_view(),
        name="call-suggested-supplier-invite",
    ),
    path(
        "challenges/<int:pk>/suggested-suppliers/",
        api.ChallengeSuggestions.as_view(),
        name="challenge-suggested-suppliers",
    ),
    path(
        "challenges/<int:pk>/suggested-suppliers/<int:supplier_id>/invite/",
        api.ChallengeInvite.as_view(),
        name="challenge-suggested-supplier-invite",
    ),
    *router.urls,
]
