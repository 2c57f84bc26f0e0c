"""API: a supplier's applications (drafts, submission, withdrawal, files, receipts) and a call's received ones.

Reads go through ``Application.objects.visible_to`` (via ``selectors``), so a sealed or foreign application is a
404 everywhere, files included; every write goes through ``services``, which checks who acts and when.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from govtech.accounts.models import Organisation
from govtech.core.api import paginated
from govtech.core.errors import NotAllowed
from govtech.core.uploads import attachment_response
from procurement.applications import selectors, services
from procurement.applications.eligibility import eligibility_for_application
from procurement.applications.models import Application, ApplicationFile, ApplicationPartner
from procurement.applications.serializers import (
    ApplicationCreateInput,
    ApplicationFieldsInput,
    ApplicationOutput,
    CallApplicationsOutput,
    EligibilityOutput,
    FileInput,
    FileOutput,
    OpeningInput,
    OpeningOutput,
    PartnerRequestOutput,
    PartnerRespondInput,
    ReceiptOutput,
)
from procurement.bodies.permissions import is_officer
from procurement.calls.models import Call
from procurement.calls.requirements import requirements_of

FILE_ID = OpenApiParameter("file_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The file's id")
CALL_ID = OpenApiParameter("call_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The call's id")


@extend_schema_view(
    list=extend_schema(summary="My applications (the applications of my supplier organisations)"),
    retrieve=extend_schema(summary="One application: your own, or one of your body's calls after the opening"),
)
class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ApplicationOutput
    permission_classes = [IsAuthenticated]
    filter_backends: list[Any] = []
    queryset = Application.objects.none()  # for the schema; get_queryset() applies the seal
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> Any:
        if self.action == "list":
            return selectors.my_applications(user=self.request.user)
        return selectors.application_list(user=self.request.user)

    @extend_schema(
        request=ApplicationCreateInput,
        responses={201: ApplicationOutput},
        summary="Start a draft application to an open call (supplier members)",
    )
    def create(self, request: Request) -> Response:
        data = ApplicationCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        call = get_object_or_404(Call.objects.visible_to(request.user), pk=data.validated_data["call"])
        supplier = None
        if data.validated_data.get("supplier"):
            supplier = get_object_or_404(Organisation.objects.suppliers(), pk=data.validated_data["supplier"])
        application = services.application_create(call=call, actor=request.user, supplier=supplier)
        return Response(ApplicationOutput(application).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ApplicationFieldsInput,
        responses=ApplicationOutput,
        summary="Edit a draft (or a withdrawn application) before the deadline",
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        application = self.get_object()
        data = ApplicationFieldsInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.application_update(application=application, actor=request.user, **data.to_service())
        return Response(ApplicationOutput(self.get_object()).data)

    @extend_schema(
        request=None,
        responses={201: ReceiptOutput},
        summary="Submit (or resubmit) before the deadline; answers the receipt",
    )
    @action(detail=True, methods=["post"], url_path="submit")
    def submit(self, request: Request, pk: str) -> Response:
        receipt = services.application_submit(application=self.get_object(), actor=request.user)
        return Response(ReceiptOutput(receipt).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ApplicationOutput, summary="Withdraw a submission before the deadline")
    @action(detail=True, methods=["post"], url_path="withdraw")
    def withdraw(self, request: Request, pk: str) -> Response:
        services.application_withdraw(application=self.get_object(), actor=request.user)
        return Response(ApplicationOutput(self.get_object()).data)

    @extend_schema(
        request=None,
        responses=EligibilityOutput,
        summary="Whether the organisation may apply, and what the application still needs",
    )
    @action(detail=True, methods=["get"], url_path="eligibility")
    def eligibility(self, request: Request, pk: str) -> Response:
        application = self.get_object()
        reasons = eligibility_for_application(application)
        parts = services.missing_parts(application)
        body = {
            "eligible": not reasons,
            "reasons": reasons,
            "missing": [part["message"] for part in parts],
            "missing_parts": parts,
            "requirements": requirements_of(application.call),
        }
        return Response(EligibilityOutput(body).data)

    @extend_schema(request=None, responses=ReceiptOutput(many=True), summary="The receipts of every submission")
    @action(detail=True, methods=["get"], url_path="receipts")
    def receipts(self, request: Request, pk: str) -> Response:
        application = self.get_object()
        return paginated(self, application.receipts.order_by("number"), ReceiptOutput)

    @extend_schema(methods=["GET"], request=None, responses=FileOutput(many=True), summary="The attached files")
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": FileInput},
        responses={201: FileOutput},
        summary="Attach a file (multipart; checked by content and size)",
    )
    @action(detail=True, methods=["get", "post"], url_path="files")
    def files(self, request: Request, pk: str) -> Response:
        application = self.get_object()
        if request.method == "GET":
            return paginated(self, application.files.order_by("uploaded_at", "pk"), FileOutput)
        data = FileInput(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.application_file_add(
            application=application,
            actor=request.user,
            upload=data.validated_data["file"],
            kind=data.validated_data["kind"],
        )
        return Response(FileOutput(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        request=None,
        parameters=[FILE_ID],
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)},
        summary="Download a file (sealed until the opening for everyone but the applicant)",
    )
    @extend_schema(
        methods=["DELETE"],
        request=None,
        parameters=[FILE_ID],
        responses={204: None},
        summary="Remove a file from a draft",
    )
    @action(detail=True, methods=["get", "delete"], url_path=r"files/(?P<file_id>[0-9]+)")
    def file(self, request: Request, pk: str, file_id: str) -> HttpResponseBase:
        application = self.get_object()
        try:
            item = selectors.file_for(user=request.user, application_id=application.pk, file_id=int(file_id))
        except ApplicationFile.DoesNotExist as exc:
            raise Http404 from exc
        if request.method == "DELETE":
            services.application_file_remove(application=application, actor=request.user, item=item)
            return Response(status=status.HTTP_204_NO_CONTENT)
        return attachment_response(item.file, filename=item.name, content_type="application/octet-stream")


def _call_for(request: Request, call_id: int) -> Call:
    call = get_object_or_404(Call.objects.visible_to(request.user), pk=call_id)
    if not is_officer(request.user, call.body_id):
        raise NotAllowed(_("Only officers of this public body may do this."))
    return call


class CallApplicationsView(generics.GenericAPIView):
    """The applications a call received: nothing before the deadline (not even how many), the count from the
    deadline, the applications after the opening."""

    permission_classes = [IsAuthenticated]
    serializer_class = CallApplicationsOutput
    filter_backends: list[Any] = []
    pagination_class = None

    @extend_schema(
        parameters=[CALL_ID],
        responses=CallApplicationsOutput,
        summary="Applications received by a call (officers: the count from the deadline, the list once opened)",
    )
    def get(self, request: Request, call_id: int) -> Response:
        call = _call_for(request, call_id)
        opening = selectors.opening_of(call)
        data = {
            "call": call.pk,
            "submitted_count": Application.objects.count_known(call),
            "deadline_passed": services.deadline_passed(call),
            "opened": opening is not None,
            "opened_at": opening.opened_at if opening else None,
            "applications": list(selectors.received(user=request.user, call=call)),
        }
        return Response(CallApplicationsOutput(data).data)


class CallOpenView(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = OpeningOutput
    filter_backends: list[Any] = []

    @extend_schema(
        parameters=[CALL_ID],
        request=OpeningInput,
        responses={201: OpeningOutput},
        summary="Open the applications after the deadline (officers and approvers; signed declaration; audited, once)",
    )
    def post(self, request: Request, call_id: int) -> Response:
        call = get_object_or_404(Call.objects.visible_to(request.user), pk=call_id)
        data = OpeningInput(data=request.data)
        data.is_valid(raise_exception=True)
        opening = services.applications_open(
            call=call, actor=request.user, declare=data.validated_data.get("declaration", False)
        )
        body = {"call": call.pk, "opened_at": opening.opened_at, "submitted_count": opening.submitted_count}
        return Response(OpeningOutput(body).data, status=status.HTTP_201_CREATED)


class PartnerRequestViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Consortium requests waiting for the caller as an active owner of the named partner."""

    serializer_class = PartnerRequestOutput
    permission_classes = [IsAuthenticated]
    filter_backends: list[Any] = []
    pagination_class = None
    queryset = ApplicationPartner.objects.none()  # for the schema

    def get_queryset(self) -> Any:
        return services.partner_requests_for(self.request.user)

    @extend_schema(
        request=PartnerRespondInput,
        responses=PartnerRequestOutput,
        summary="Accept or decline being named as a consortium partner (the partner's owners)",
    )
    @action(detail=True, methods=["post"])
    def respond(self, request: Request, pk: str) -> Response:
        # DRF's lookup: an id that is not a number ("null,null") is a 404, never a 500
        partner = generics.get_object_or_404(
            ApplicationPartner.objects.filter(consent=ApplicationPartner.Consent.PENDING), pk=pk
        )
        data = PartnerRespondInput(data=request.data)
        data.is_valid(raise_exception=True)
        partner = services.application_partner_respond(
            actor=request.user, partner=partner, accept=data.validated_data["accept"]
        )
        return Response(PartnerRequestOutput(partner).data)
