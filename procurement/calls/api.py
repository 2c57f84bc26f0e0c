"""The calls API: list, detail, lifecycle actions, amendments, questions, following."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response

from govtech.accounts.models import Organisation
from govtech.core.api import CachedAnonymousListMixin, paginated
from govtech.core.errors import NotAllowed
from procurement.bodies.permissions import is_officer
from procurement.calls.filters import CallFilter
from procurement.calls.models import Call, Question
from procurement.calls.selectors import call_list, questions_visible_to
from procurement.calls.serializers import (
    AmendmentInput,
    AmendmentOutput,
    AnswerInput,
    CallFieldsInput,
    CallInput,
    CallOutput,
    FollowOutput,
    QuestionInput,
    QuestionOutput,
    ReasonInput,
)
from procurement.calls.services import (
    call_amend,
    call_approve,
    call_cancel,
    call_close,
    call_create,
    call_declare_unsuccessful,
    call_follow,
    call_return_to_draft,
    call_start_evaluation,
    call_submit_for_approval,
    call_unfollow,
    call_update,
    question_answer,
    question_ask,
)

QID = OpenApiParameter("qid", OpenApiTypes.INT, OpenApiParameter.PATH, description="The question's id")


@extend_schema_view(
    list=extend_schema(summary="Search and filter calls (the opportunities page's filters)"),
    partial_update=extend_schema(
        request=CallFieldsInput, responses=CallOutput, summary="Edit a draft call (officers of the body)"
    ),
)
class CallViewSet(CachedAnonymousListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CallOutput
    permission_classes = [IsAuthenticatedOrReadOnly]
    filter_backends = [DjangoFilterBackend]
    filterset_class = CallFilter
    queryset = Call.objects.none()  # for the schema; get_queryset() decides what the caller sees
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return call_list(user=self.request.user).order_by("submission_deadline", "pk")

    @extend_schema(request=CallInput, responses={201: CallOutput}, summary="Draft a call (officers of the body)")
    def create(self, request: Request) -> Response:
        data = CallInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        body = get_object_or_404(Organisation.objects.public_bodies(), pk=values.pop("body"))
        call = call_create(body=body, actor=request.user, **values)
        return Response(CallOutput(call).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        call = self.get_object()
        data = CallFieldsInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        call = call_update(call=call, actor=request.user, **dict(data.validated_data))
        return Response(CallOutput(call).data)

    def _act(self, request: Request, service: Any, **extra: Any) -> Response:
        call = self.get_object()
        return Response(CallOutput(service(call=call, actor=request.user, **extra)).data)

    def _reason(self, request: Request) -> str:
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        return str(data.validated_data["reason"])

    @extend_schema(request=None, responses=CallOutput, summary="Send a draft for approval (officers)")
    @action(detail=True, methods=["post"], url_path="submit", permission_classes=[IsAuthenticated])
    def submit(self, request: Request, pk: str) -> Response:
        return self._act(request, call_submit_for_approval)

    @extend_schema(
        request=ReasonInput, responses=CallOutput, summary="Send a call in approval back to draft (approvers)"
    )
    @action(detail=True, methods=["post"], url_path="return-to-draft", permission_classes=[IsAuthenticated])
    def return_to_draft(self, request: Request, pk: str) -> Response:
        return self._act(request, call_return_to_draft, reason=self._reason(request))

    @extend_schema(request=None, responses=CallOutput, summary="Approve and publish (approvers)")
    @action(detail=True, methods=["post"], url_path="approve", permission_classes=[IsAuthenticated])
    def approve(self, request: Request, pk: str) -> Response:
        return self._act(request, call_approve)

    @extend_schema(
        request=None,
        responses=CallOutput,
        summary="Close for submissions once the deadline has passed (officers; refused before it: cancel instead)",
    )
    @action(detail=True, methods=["post"], url_path="close", permission_classes=[IsAuthenticated])
    def close(self, request: Request, pk: str) -> Response:
        return self._act(request, call_close)

    @extend_schema(request=ReasonInput, responses=CallOutput, summary="Cancel with a public reason (officers)")
    @action(detail=True, methods=["post"], url_path="cancel", permission_classes=[IsAuthenticated])
    def cancel(self, request: Request, pk: str) -> Response:
        return self._act(request, call_cancel, reason=self._reason(request))

    @extend_schema(request=None, responses=CallOutput, summary="Start evaluating a closed call (officers)")
    @action(detail=True, methods=["post"], url_path="start-evaluation", permission_classes=[IsAuthenticated])
    def start_evaluation(self, request: Request, pk: str) -> Response:
        return self._act(request, call_start_evaluation)

    @extend_schema(
        request=ReasonInput, responses=CallOutput, summary="Declare a call with no application unsuccessful (approvers)"
    )
    @action(detail=True, methods=["post"], url_path="declare-unsuccessful", permission_classes=[IsAuthenticated])
    def declare_unsuccessful(self, request: Request, pk: str) -> Response:
        return self._act(request, call_declare_unsuccessful, reason=self._reason(request))

    @extend_schema(
        request=AmendmentInput,
        responses={200: AmendmentOutput(many=True), 201: AmendmentOutput},
        summary="List the amendments of a call, or amend a published call (officers)",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="amendments",
        permission_classes=[IsAuthenticatedOrReadOnly],
        filter_backends=[],
    )
    def amendments(self, request: Request, pk: str) -> Response:
        call: Call = self.get_object()
        if request.method == "GET":
            return paginated(self, call.amendments.order_by("number", "pk"), AmendmentOutput)
        data = AmendmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        reason = values.pop("reason")
        amendment = call_amend(call=call, actor=request.user, reason=reason, **values)
        return Response(AmendmentOutput(amendment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=FollowOutput, summary="Follow a call (amendments and answers)")
    @action(detail=True, methods=["post"], url_path="follow", permission_classes=[IsAuthenticated])
    def follow(self, request: Request, pk: str) -> Response:
        call_follow(call=self.get_object(), actor=request.user)
        return Response({"following": True})

    @extend_schema(request=None, responses=FollowOutput, summary="Stop following a call")
    @action(detail=True, methods=["post"], url_path="unfollow", permission_classes=[IsAuthenticated])
    def unfollow(self, request: Request, pk: str) -> Response:
        call_unfollow(call=self.get_object(), actor=request.user)
        return Response({"following": False})

    @extend_schema(
        request=QuestionInput,
        responses={200: QuestionOutput(many=True), 201: QuestionOutput},
        summary=(
            "The public Q&A (officers of the body see pending questions, a supplier's members its own pending "
            "ones), or ask one (suppliers)"
        ),
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="questions",
        permission_classes=[IsAuthenticatedOrReadOnly],
        filter_backends=[],
    )
    def questions(self, request: Request, pk: str) -> Response:
        call: Call = self.get_object()
        if request.method == "GET":
            insider = is_officer(request.user, call.body_id)
            listed = call.questions.all() if insider else questions_visible_to(call, request.user)
            if hasattr(listed, "order_by") and not listed.ordered:
                listed = listed.order_by("asked_at", "pk")
            return paginated(self, listed, QuestionOutput)
        data = QuestionInput(data=request.data)
        data.is_valid(raise_exception=True)
        question = question_ask(call=call, actor=request.user, text=data.validated_data["text"])
        return Response(QuestionOutput(question).data, status=status.HTTP_201_CREATED)

    def _deal_with(self, request: Request, qid: str, *, reject: bool) -> Response:
        call: Call = self.get_object()
        question = get_object_or_404(Question.objects.select_related("call"), pk=qid, call=call)
        if not is_officer(request.user, call.body_id):  # before reading the input: 403, not 400
            raise NotAllowed(_("Only officers of this public body may do this."))
        data = AnswerInput(data=request.data)
        data.is_valid(raise_exception=True)
        done = question_answer(
            question=question, actor=request.user, answer=data.validated_data["answer"], reject=reject
        )
        return Response(QuestionOutput(done).data)

    @extend_schema(
        request=AnswerInput, responses=QuestionOutput, parameters=[QID], summary="Answer in public (officers)"
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"questions/(?P<qid>[0-9]+)/answer",
        permission_classes=[IsAuthenticated],
    )
    def answer(self, request: Request, pk: str, qid: str) -> Response:
        return self._deal_with(request, qid, reject=False)

    @extend_schema(
        request=AnswerInput, responses=QuestionOutput, parameters=[QID], summary="Reject as out of scope (officers)"
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"questions/(?P<qid>[0-9]+)/reject",
        permission_classes=[IsAuthenticated],
    )
    def reject(self, request: Request, pk: str, qid: str) -> Response:
        return self._deal_with(request, qid, reject=True)
