"""API of matching: suggested suppliers for a call or challenge (the body's officers), invitations, and the
recommendations of the caller's suppliers (``/matches/``) with a dismiss action.

Visibility first (a call the caller may not see is a 404), then the role (not an officer of the body: 403).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from govtech.core.errors import NotAllowed
from procurement.bodies.permissions import is_officer
from procurement.calls.models import Call
from procurement.challenges.models import Challenge
from procurement.matching import reasons, selectors, services
from procurement.matching.models import MatchResult
from procurement.matching.serializers import MatchDismissOutput, MatchInvitationOutput, MatchOutput, SuggestionOutput


def officer_target(request: Request, model: type[Call] | type[Challenge], pk: int) -> Any:
    """The target if the caller may see it (404 otherwise) and is an officer of its body (403 otherwise)."""
    target: Any = get_object_or_404(model.objects.visible_to(request.user).select_related("body"), pk=pk)
    if not is_officer(request.user, target.body_id):
        raise NotAllowed(_("Only officers of this public body may do this."))
    return target


class _Suggestions(APIView):
    permission_classes = [IsAuthenticated]
    model: type[Call] | type[Challenge] = Call

    def get(self, request: Request, pk: int) -> Response:
        target = officer_target(request, self.model, pk)
        rows = reasons.attach(selectors.suggestions_for(target))
        return Response(SuggestionOutput(rows, many=True).data)


class _Invite(APIView):
    permission_classes = [IsAuthenticated]
    model: type[Call] | type[Challenge] = Call

    def post(self, request: Request, pk: int, supplier_id: int) -> Response:
        target = officer_target(request, self.model, pk)
        invitation = services.match_invite(actor=request.user, target=target, supplier_id=supplier_id)
        return Response(MatchInvitationOutput(invitation).data, status=status.HTTP_201_CREATED)


@extend_schema(
    responses=SuggestionOutput(many=True), summary="Suppliers suggested for a call, with reasons (officers of the body)"
)
class CallSuggestions(_Suggestions):
    model = Call


@extend_schema(
    responses=SuggestionOutput(many=True),
    summary="Suppliers suggested for a challenge, with reasons (officers of the body)",
)
class ChallengeSuggestions(_Suggestions):
    model = Challenge


@extend_schema(
    request=None,
    responses={201: MatchInvitationOutput},
    summary="Invite a suggested supplier to apply to a call (officers; once)",
)
class CallInvite(_Invite):
    model = Call


@extend_schema(
    request=None,
    responses={201: MatchInvitationOutput},
    summary="Invite a suggested supplier to a challenge (officers; once)",
)
class ChallengeInvite(_Invite):
    model = Challenge


class MatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Open calls and published challenges recommended to the caller's suppliers (not dismissed)."""

    serializer_class = MatchOutput
    permission_classes = [IsAuthenticated]
    filter_backends: list[Any] = []
    queryset = MatchResult.objects.none()  # for the schema; get_queryset() decides what the caller sees

    def get_queryset(self) -> Any:
        return selectors.recommendations_for(self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        rows = reasons.attach(page if page is not None else self.get_queryset())
        data = MatchOutput(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(summary="Recommendations for your suppliers, best first")
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=None, responses=MatchDismissOutput, summary="Dismiss a recommendation (not for us)")
    @action(detail=True, methods=["post"], url_path="dismiss")
    def dismiss(self, request: Request, pk: str) -> Response:
        try:
            result = self.get_queryset().get(pk=int(pk))
        except (MatchResult.DoesNotExist, ValueError) as exc:
            raise Http404 from exc
        services.match_dismiss(actor=request.user, result=result)
        return Response({"dismissed": True})
