"""The challenges API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from govtech.core.api import CachedAnonymousListMixin, paginated
from govtech.core.errors import NotAllowed
from procurement.bodies.permissions import is_officer
from procurement.challenges.filters import ChallengeFilter
from procurement.challenges.models import Challenge
from procurement.challenges.serializers import ChallengeOutput, SimilarChallengeOutput
from procurement.challenges.services import challenge_transition
from procurement.challenges.similar import similar_challenges


@extend_schema_view(
    list=extend_schema(summary="Search and filter challenges (published ones, and your body's drafts)"),
)
class ChallengeViewSet(
    CachedAnonymousListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = ChallengeOutput
    filter_backends = [DjangoFilterBackend]
    filterset_class = ChallengeFilter
    queryset = Challenge.objects.none()  # for the schema; get_queryset() decides what the caller sees

    def get_queryset(self) -> Any:
        return Challenge.objects.visible_to(self.request.user).order_by("pk")

    @extend_schema(request=None, responses=SimilarChallengeOutput(many=True))
    @action(detail=True, methods=["get"], url_path="similar", permission_classes=[IsAuthenticated], filter_backends=[])
    def similar(self, request: Request, pk: str) -> Response:
        """Published challenges of other bodies that look like this one; for the body's officers."""
        challenge: Challenge = self.get_object()
        if not is_officer(request.user, challenge.body_id):
            raise NotAllowed(_("Only officers of this public body may do this."))
        rows = [
            {
                "id": other.pk,
                "title": other.title,
                "body": other.body.name,
                "score": match.score,
                "shared_terms": match.shared_terms,
                "shared_sectors": match.shared_sectors,
                "shared_cpv": match.shared_cpv,
            }
            for other, match in similar_challenges(challenge, limit=5)
        ]
        return paginated(self, rows, SimilarChallengeOutput)

    def _transition(self, request: Request, to: str) -> Response:
        challenge = self.get_object()
        return Response(ChallengeOutput(challenge_transition(challenge=challenge, to=to, actor=request.user)).data)

    @extend_schema(request=None, responses=ChallengeOutput, summary="Publish a draft challenge (officers)")
    @action(detail=True, methods=["post"], url_path="publish", permission_classes=[IsAuthenticated])
    def publish(self, request: Request, pk: str) -> Response:
        return self._transition(request, Challenge.Status.PUBLISHED)

    @extend_schema(request=None, responses=ChallengeOutput, summary="Close a published challenge (officers)")
    @action(detail=True, methods=["post"], url_path="close", permission_classes=[IsAuthenticated])
    def close(self, request: Request, pk: str) -> Response:
        return self._transition(request, Challenge.Status.CLOSED)
