"""API: public bodies, challenges, calls with explicit lifecycle actions, questions."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response

from govtech.accounts.models import Organisation
from govtech.core.errors import PermissionDenied
from procurement import selectors, services
from procurement.api_bodies import PublicBodyActionsMixin
from procurement.models import Call, Challenge, PublicBody
from procurement.serializers import (
    CallInput,
    CallOutput,
    ChallengeOutput,
    PublicBodyOutput,
    QuestionInput,
    QuestionOutput,
    ReasonInput,
    SimilarChallengeOutput,
)
from procurement.similar import similar_challenges


class PublicBodyViewSet(
    PublicBodyActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):  # type: ignore[type-arg]
    serializer_class = PublicBodyOutput

    def get_queryset(self) -> Any:
        return PublicBody.objects.visible_to(self.request.user).select_related("organisation").order_by("pk")


class ChallengeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    serializer_class = ChallengeOutput

    def get_queryset(self) -> Any:
        return Challenge.objects.visible_to(self.request.user).order_by("pk")

    @extend_schema(request=None, responses=SimilarChallengeOutput(many=True))
    @action(detail=True, methods=["get"], url_path="similar", permission_classes=[IsAuthenticated])
    def similar(self, request: Request, pk: str) -> Response:
        """Published challenges of other bodies that look like this one; for the body's officers."""
        challenge: Challenge = self.get_object()
        if not services.is_officer(request.user, challenge.body_id):
            raise PermissionDenied(_("Only officers of this public body may do this."))
        rows = [
            {"id": other.pk, "title": other.title, "body": other.body.name, "score": match.score,
             "shared_terms": match.shared_terms, "shared_sectors": match.shared_sectors,
             "shared_cpv": match.shared_cpv}
            for other, match in similar_challenges(challenge, limit=5)
        ]  # fmt: skip
        return Response(SimilarChallengeOutput(rows, many=True).data)


class CallViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    serializer_class = CallOutput
    permission_classes = [IsAuthenticatedOrReadOnly]

    def get_queryset(self) -> Any:
        return selectors.call_list(user=self.request.user).order_by("submission_deadline", "pk")

    @extend_schema(request=CallInput, responses={201: CallOutput})
    def create(self, request: Request) -> Response:
        data = CallInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        body = get_object_or_404(Organisation.objects.public_bodies(), pk=values.pop("body"))
        call = services.call_create(body=body, actor=request.user, **values)
        return Response(CallOutput(call).data, status=status.HTTP_201_CREATED)

    def _act(self, request: Request, service: Any, **extra: Any) -> Response:
        call = self.get_object()
        return Response(CallOutput(service(call=call, actor=request.user, **extra)).data)

    @extend_schema(request=None, responses=CallOutput)
    @action(detail=True, methods=["post"], url_path="submit", permission_classes=[IsAuthenticated])
    def submit(self, request: Request, pk: str) -> Response:
        return self._act(request, services.call_submit_for_approval)

    @extend_schema(request=None, responses=CallOutput)
    @action(detail=True, methods=["post"], url_path="publish", permission_classes=[IsAuthenticated])
    def publish(self, request: Request, pk: str) -> Response:
        return self._act(request, services.call_approve)

    @extend_schema(request=None, responses=CallOutput)
    @action(detail=True, methods=["post"], url_path="close", permission_classes=[IsAuthenticated])
    def close(self, request: Request, pk: str) -> Response:
        return self._act(request, services.call_close)

    @extend_schema(request=ReasonInput, responses=CallOutput)
    @action(detail=True, methods=["post"], url_path="cancel", permission_classes=[IsAuthenticated])
    def cancel(self, request: Request, pk: str) -> Response:
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._act(request, services.call_cancel, reason=data.validated_data["reason"])

    @extend_schema(request=QuestionInput, responses={200: QuestionOutput(many=True), 201: QuestionOutput})
    @action(detail=True, methods=["get", "post"], url_path="questions", permission_classes=[IsAuthenticatedOrReadOnly])
    def questions(self, request: Request, pk: str) -> Response:
        call: Call = self.get_object()
        if request.method == "GET":
            return Response(QuestionOutput(selectors.public_questions(call), many=True).data)
        data = QuestionInput(data=request.data)
        data.is_valid(raise_exception=True)
        question = services.question_ask(call=call, actor=request.user, text=data.validated_data["text"])
        return Response(QuestionOutput(question).data, status=status.HTTP_201_CREATED)
