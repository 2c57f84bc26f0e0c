"""API of the award side: public awards; decisions (approvers); complaints (the parties); contract follow-up.

Writes go through ``procurement.awards.services``; what a caller may not see is a 404, what they may see but not
do is a 403 (the services' ``NotAllowed``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from govtech.core.api import CachedAnonymousListMixin, paginated
from govtech.core.errors import NotAllowed
from procurement.applications.models import Application
from procurement.awards import selectors, services
from procurement.awards.filters import AwardFilter
from procurement.awards.models import Award, Complaint, Decision, Milestone
from procurement.awards.serializers import (
    AwardDecisionInput,
    AwardMilestoneInput,
    AwardOutput,
    ComplaintAnswerInput,
    ComplaintInput,
    ComplaintOutput,
    ContractInput,
    DecisionOutput,
    MilestoneOutput,
    MilestoneStatusInput,
)
from procurement.calls.models import Call


@extend_schema_view(
    list=extend_schema(summary="Public awards: who, what, how much, when (filters body, call, supplier)"),
    retrieve=extend_schema(summary="One public award"),
)
class AwardViewSet(CachedAnonymousListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = AwardOutput
    permission_classes = [AllowAny]
    filter_backends = [DjangoFilterBackend]
    filterset_class = AwardFilter
    queryset = Award.objects.none()  # for the schema

    def get_queryset(self) -> Any:
        return selectors.public_awards()

    def _followed(self, request: Request, pk: str) -> Award:
        return get_object_or_404(selectors.awards_followed_by(request.user), pk=pk)

    @extend_schema(request=ContractInput, responses=AwardOutput, summary="Record the contract's signature (body)")
    @action(detail=True, methods=["post"], url_path="sign", permission_classes=[IsAuthenticated])
    def sign(self, request: Request, pk: str) -> Response:
        award = self._followed(request, pk)
        data = ContractInput(data=request.data)
        data.is_valid(raise_exception=True)
        award = services.award_sign_contract(
            award=award, actor=request.user, signed_on=data.validated_data.get("signed_on")
        )
        return Response(AwardOutput(award).data)

    @extend_schema(request=None, responses=AwardOutput, summary="Mark that the pilot became a contract (body)")
    @action(detail=True, methods=["post"], url_path="became-contract", permission_classes=[IsAuthenticated])
    def became_contract(self, request: Request, pk: str) -> Response:
        award = services.award_mark_became_contract(award=self._followed(request, pk), actor=request.user)
        return Response(AwardOutput(award).data)

    @extend_schema(
        methods=["get"],
        request=None,
        responses=MilestoneOutput(many=True),
        summary="Milestones of an award (the body and the awarded supplier)",
    )
    @extend_schema(
        methods=["post"],
        request=AwardMilestoneInput,
        responses={201: MilestoneOutput},
        summary="Add a milestone (the body)",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="milestones",
        permission_classes=[IsAuthenticated],
        filter_backends=[],
    )
    def milestones(self, request: Request, pk: str) -> Response:
        award = self._followed(request, pk)
        if request.method == "GET":
            milestones = award.milestones.all()
            return paginated(self, milestones if milestones.ordered else milestones.order_by("pk"), MilestoneOutput)
        data = AwardMilestoneInput(data=request.data)
        data.is_valid(raise_exception=True)
        milestone = services.milestone_add(award=award, actor=request.user, **data.validated_data)
        return Response(MilestoneOutput(milestone).data, status=status.HTTP_201_CREATED)


class MilestoneViewSet(viewsets.GenericViewSet):
    serializer_class = MilestoneOutput
    permission_classes = [IsAuthenticated]
    queryset = Milestone.objects.none()

    def get_queryset(self) -> Any:
        return Milestone.objects.filter(award__in=selectors.awards_followed_by(self.request.user))

    @extend_schema(request=MilestoneStatusInput, responses=MilestoneOutput, summary="Change a milestone's status")
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: Request, pk: str) -> Response:
        milestone = self.get_object()
        if not selectors.is_body_staff(request.user, milestone.award.decision.call.body_id):  # 403 before any 400
            raise NotAllowed(_("Only officers and approvers of this public body may do this."))
        data = MilestoneStatusInput(data=request.data)
        data.is_valid(raise_exception=True)
        milestone = services.milestone_set_status(
            milestone=milestone, actor=request.user, status=data.validated_data["status"]
        )
        return Response(MilestoneOutput(milestone).data)


@extend_schema_view(
    list=extend_schema(summary="Decisions you may read in full (the body's officers and approvers, auditors)"),
    retrieve=extend_schema(summary="One decision"),
)
class DecisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = DecisionOutput
    permission_classes = [IsAuthenticated]
    queryset = Decision.objects.none()

    def get_queryset(self) -> Any:
        awards = Award.objects.select_related("decision__call__body", "application__supplier")
        return (
            selectors.decisions_visible_to(self.request.user)
            .prefetch_related(Prefetch("awards", queryset=awards))
            .order_by("pk")
        )

    @extend_schema(
        request=AwardDecisionInput,
        responses={201: DecisionOutput},
        summary="Decide the next phase of a call: award or unsuccessful (approvers of the body)",
    )
    def create(self, request: Request) -> Response:
        data = AwardDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        call = get_object_or_404(Call.objects.visible_to(request.user), pk=values["call"])
        lines = [services.AwardLine(a["application"], a["amount"], a["currency"]) for a in values.get("awards", [])]
        decision = services.decision_take(
            call=call,
            actor=request.user,
            outcome=values["outcome"],
            justification=values["justification"],
            awards=lines,
            budget_exception=values.get("budget_exception", ""),
            declare=values.get("declaration", False),
        )
        return Response(DecisionOutput(decision).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Complaints you are a party to (the complainant, the body)"),
    retrieve=extend_schema(summary="One complaint"),
)
class ComplaintViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ComplaintOutput
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    queryset = Complaint.objects.none()

    def get_queryset(self) -> Any:
        return selectors.complaints_visible_to(self.request.user).prefetch_related("documents").order_by("pk")

    @extend_schema(
        request=ComplaintInput,
        responses={201: ComplaintOutput},
        summary="File a complaint during the standstill (the applicant; multipart for documents)",
    )
    def create(self, request: Request) -> Response:
        data = ComplaintInput(data=request.data)
        data.is_valid(raise_exception=True)
        application = get_object_or_404(
            Application.objects.of_supplier_member(request.user), pk=data.validated_data["application"]
        )
        complaint = services.complaint_file(
            application=application,
            actor=request.user,
            grounds=data.validated_data["grounds"],
            documents=request.FILES.getlist("documents"),
        )
        return Response(ComplaintOutput(complaint).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ComplaintAnswerInput,
        responses=ComplaintOutput,
        summary="Uphold or reject a complaint (officers and approvers of the body)",
    )
    @action(detail=True, methods=["post"], url_path="answer")
    def answer(self, request: Request, pk: str) -> Response:
        complaint = self.get_object()
        if not selectors.is_body_staff(request.user, complaint.decision.call.body_id):  # 403 before any 400
            raise NotAllowed(_("Only officers and approvers of this public body may answer complaints."))
        data = ComplaintAnswerInput(data=request.data)
        data.is_valid(raise_exception=True)
        complaint = services.complaint_answer(
            complaint=complaint,
            actor=request.user,
            uphold=data.validated_data["answer"] == "uphold",
            response=data.validated_data["response"],
            declare=data.validated_data.get("declaration", False),
        )
        return Response(ComplaintOutput(complaint).data)
