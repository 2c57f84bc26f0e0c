"""The registry's REST API: suppliers, solutions, references, memberships and the reference data."""

from __future__ import annotations

from typing import Any, cast

import django_filters
from django.db import transaction
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response

from govtech.accounts.models import Membership, User
from govtech.accounts.roles import is_admin
from govtech.core.api import CachedAnonymousListMixin
from startups import selectors, services
from startups.filters import SupplierFilter
from startups.models import CpvCode, PublicReference, Sector, Solution, Supplier, Technology
from startups.permissions import CanEditSupplier, IsPortalAdmin
from startups.serializers import (
    CpvCodeOutput,
    DecisionInput,
    InviteInput,
    JoinInput,
    MembershipOutput,
    MembershipReasonInput,
    ReferenceCreateInput,
    ReferenceInput,
    ReferenceOutput,
    RoleInput,
    SectorOutput,
    SolutionCreateInput,
    SolutionInput,
    SolutionOutput,
    SupplierCreateInput,
    SupplierDetailOutput,
    SupplierListOutput,
    SupplierProfileInput,
    TechnologyOutput,
    VerificationInput,
    split_classification,
)


def _supplier_by_slug(request: Request, slug: str) -> Supplier:
    return get_object_or_404(
        Supplier.objects.visible_to(request.user).select_related("organisation"), organisation__slug=slug
    )


@extend_schema_view(
    list=extend_schema(summary="Search and filter the supplier directory", responses=SupplierListOutput(many=True)),
    retrieve=extend_schema(summary="A supplier profile", responses=SupplierDetailOutput),
)
class SupplierViewSet(
    CachedAnonymousListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Suppliers the caller may see; owners register and update theirs; admins decide verification."""

    filter_backends = [DjangoFilterBackend]
    filterset_class = SupplierFilter
    permission_classes = [IsAuthenticatedOrReadOnly, CanEditSupplier]

    def get_queryset(self) -> QuerySet[Supplier]:
        if self.action == "list":  # searched and counted over; the page's rows come from ``page_rows``
            return selectors.supplier_candidates(user=self.request.user)
        return selectors.supplier_list(user=self.request.user)

    def page_rows(self) -> QuerySet[Supplier] | None:
        """A list page's rows, read by id once the (ranked) search gave their ids: their arrays are then computed for
        a page, not for every candidate (``govtech.core.pagination.DeferredJoinPaginator``)."""
        return selectors.supplier_rows(user=self.request.user) if self.action == "list" else None

    def get_serializer_class(self) -> Any:
        return SupplierDetailOutput if self.action != "list" else SupplierListOutput

    @extend_schema(
        summary="Register a supplier (the caller becomes its owner)",
        request=SupplierCreateInput,
        responses={201: SupplierDetailOutput},
    )
    def create(self, request: Request) -> Response:
        data = SupplierCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        profile, classification = split_classification(dict(data.validated_data))
        with transaction.atomic():
            supplier = services.supplier_register(
                actor=request.user,
                legal_name=profile.pop("legal_name"),
                country=profile.pop("country"),
                identifier=profile.pop("identifier"),
                trade_name=profile.pop("trade_name", ""),
                **profile,
            )
            if classification:
                services.supplier_set_classification(actor=request.user, supplier=supplier, **classification)
        supplier = selectors.supplier_list(user=request.user).get(pk=supplier.pk)
        return Response(
            SupplierDetailOutput(supplier, context={"request": request}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Update a supplier's profile (owners)", request=SupplierProfileInput, responses=SupplierDetailOutput
    )
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        supplier = self.get_object()
        data = SupplierProfileInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        profile, classification = split_classification(dict(data.validated_data))
        with transaction.atomic():
            if profile:
                services.supplier_update(actor=request.user, supplier=supplier, **profile)
            if classification:
                services.supplier_set_classification(actor=request.user, supplier=supplier, **classification)
        supplier = selectors.supplier_list(user=request.user).get(pk=supplier.pk)
        return Response(SupplierDetailOutput(supplier, context={"request": request}).data)

    @extend_schema(
        summary="Record a verification decision (admins)", request=VerificationInput, responses=SupplierDetailOutput
    )
    @action(detail=True, methods=["post"], permission_classes=[IsPortalAdmin])
    def verification(self, request: Request, pk: str | None = None) -> Response:
        supplier = self.get_object()
        data = VerificationInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.supplier_transition(
            actor=request.user,
            supplier=supplier,
            to=data.validated_data["status"],
            reason=data.validated_data.get("reason", ""),
        )
        supplier = selectors.supplier_list(user=request.user).get(pk=supplier.pk)
        return Response(SupplierDetailOutput(supplier, context={"request": request}).data)


class _ChildFilter(django_filters.FilterSet):
    supplier = django_filters.CharFilter(field_name="supplier__organisation__slug")


class SolutionFilter(_ChildFilter):
    class Meta:
        model = Solution
        fields = ["supplier", "pricing_model", "trl"]


class ReferenceFilter(_ChildFilter):
    class Meta:
        model = PublicReference
        fields = ["supplier", "year", "country"]


class _ChildViewSet(viewsets.ModelViewSet):
    """Solutions and references: readable where the supplier is visible; written by its owners."""

    filter_backends = [DjangoFilterBackend]
    permission_classes = [IsAuthenticatedOrReadOnly, CanEditSupplier]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    model: Any
    output: Any

    def get_queryset(self) -> QuerySet[Any]:
        visible = Supplier.objects.visible_to(self.request.user).values("pk")
        return self.model.objects.filter(supplier__in=visible).select_related("supplier__organisation")

    def get_serializer_class(self) -> Any:
        return self.output


@extend_schema_view(
    list=extend_schema(summary="Solutions of visible suppliers"),
    create=extend_schema(request=SolutionCreateInput, responses={201: SolutionOutput}),
    partial_update=extend_schema(request=SolutionInput, responses=SolutionOutput),
)
class SolutionViewSet(_ChildViewSet):
    model = Solution
    output = SolutionOutput
    filterset_class = SolutionFilter

    def create(self, request: Request) -> Response:
        data = SolutionCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        supplier = _supplier_by_slug(request, values.pop("supplier"))
        solution = services.solution_create(actor=request.user, supplier=supplier, **values)
        return Response(SolutionOutput(solution).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        solution = self.get_object()
        data = SolutionInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        solution = services.solution_update(actor=request.user, solution=solution, **data.validated_data)
        return Response(SolutionOutput(solution).data)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, kwargs.get("pk"))

    def destroy(self, request: Request, pk: str | None = None) -> Response:
        services.solution_delete(actor=request.user, solution=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="Public-sector references of visible suppliers"),
    create=extend_schema(request=ReferenceCreateInput, responses={201: ReferenceOutput}),
    partial_update=extend_schema(request=ReferenceInput, responses=ReferenceOutput),
)
class ReferenceViewSet(_ChildViewSet):
    model = PublicReference
    output = ReferenceOutput
    filterset_class = ReferenceFilter

    def create(self, request: Request) -> Response:
        data = ReferenceCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        supplier = _supplier_by_slug(request, values.pop("supplier"))
        reference = services.reference_create(actor=request.user, supplier=supplier, **values)
        return Response(ReferenceOutput(reference).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        reference = self.get_object()
        data = ReferenceInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        reference = services.reference_update(actor=request.user, reference=reference, **data.validated_data)
        return Response(ReferenceOutput(reference).data)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, kwargs.get("pk"))

    def destroy(self, request: Request, pk: str | None = None) -> Response:
        services.reference_delete(actor=request.user, reference=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="Memberships of the caller's suppliers, and the caller's own invitations"),
    create=extend_schema(
        summary="Invite someone by e-mail (owners)", request=InviteInput, responses={201: MembershipOutput}
    ),
    destroy=extend_schema(summary="Remove someone, or leave (never the last owner)"),
)
class MembershipViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    queryset = Membership.objects.none()  # for the schema; get_queryset() decides what the caller sees
    serializer_class = MembershipOutput
    permission_classes = [IsAuthenticated]
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Membership]:
        user = cast(User, self.request.user)
        mine = Membership.objects.filter(
            user=user, status=Membership.Status.ACTIVE, organisation__supplier__isnull=False
        ).values("organisation_id")
        qs = Membership.objects.filter(organisation__supplier__isnull=False).filter(
            Q(organisation_id__in=mine) | Q(user=user)
        )
        if is_admin(user):
            qs = Membership.objects.filter(organisation__supplier__isnull=False)
        return qs.exclude(status=Membership.Status.REVOKED).select_related("user", "organisation").order_by("pk")

    def create(self, request: Request) -> Response:
        data = InviteInput(data=request.data)
        data.is_valid(raise_exception=True)
        supplier = _supplier_by_slug(request, data.validated_data["supplier"])
        membership = services.membership_invite(
            actor=request.user, supplier=supplier, email=data.validated_data["email"], role=data.validated_data["role"]
        )
        return Response(MembershipOutput(membership).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, pk: str | None = None) -> Response:
        services.membership_remove(actor=request.user, membership=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Ask to join a supplier", request=JoinInput, responses={201: MembershipOutput})
    @action(detail=False, methods=["post"])
    def join(self, request: Request) -> Response:
        data = JoinInput(data=request.data)
        data.is_valid(raise_exception=True)
        # any registered supplier: a duplicate registration points here even while it is pending
        supplier = get_object_or_404(
            Supplier.objects.select_related("organisation"), organisation__slug=data.validated_data["supplier"]
        )
        membership = services.membership_request_join(actor=request.user, supplier=supplier)
        return Response(MembershipOutput(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Accept or decline an invitation (the invited person)",
        request=DecisionInput,
        responses=MembershipOutput,
    )
    @action(detail=True, methods=["post"])
    def respond(self, request: Request, pk: str | None = None) -> Response:
        membership = self.get_object()  # first: a membership the caller may not see is 404, whatever the input
        data = DecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.membership_respond(
            actor=request.user, membership=membership, accept=data.validated_data["approve"]
        )
        return Response(MembershipOutput(membership).data)

    @extend_schema(
        summary="Approve or reject a request to join (owners)", request=DecisionInput, responses=MembershipOutput
    )
    @action(detail=True, methods=["post"])
    def decision(self, request: Request, pk: str | None = None) -> Response:
        membership = self.get_object()
        data = DecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.membership_decide(
            actor=request.user,
            membership=membership,
            approve=data.validated_data["approve"],
            evidence=data.validated_data["evidence"],
        )
        return Response(MembershipOutput(membership).data)

    @extend_schema(
        summary="Suspend a membership, with a reason (administrators; the owners are told)",
        request=MembershipReasonInput,
        responses=MembershipOutput,
    )
    # administrators only, refused before the body is read (a 403, never a 400 about the reason)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated, IsPortalAdmin])
    def suspend(self, request: Request, pk: str | None = None) -> Response:
        membership = self.get_object()
        data = MembershipReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.membership_suspend(
            actor=request.user, membership=membership, reason=data.validated_data["reason"]
        )
        return Response(MembershipOutput(membership).data)

    @extend_schema(
        summary="Remove a membership, with a reason (administrators; the owners are told)",
        request=MembershipReasonInput,
        responses=MembershipOutput,
    )
    @action(detail=True, methods=["post"], url_path="admin-remove", permission_classes=[IsAuthenticated, IsPortalAdmin])
    def admin_remove(self, request: Request, pk: str | None = None) -> Response:
        membership = self.get_object()
        data = MembershipReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.membership_admin_remove(
            actor=request.user, membership=membership, reason=data.validated_data["reason"]
        )
        return Response(MembershipOutput(membership).data)

    @extend_schema(summary="Take back a suspended member (owners)", request=None, responses=MembershipOutput)
    @action(detail=True, methods=["post"])
    def reinstate(self, request: Request, pk: str | None = None) -> Response:
        membership = services.membership_reinstate(actor=request.user, membership=self.get_object())
        return Response(MembershipOutput(membership).data)

    @extend_schema(summary="Change someone's role (owners)", request=RoleInput, responses=MembershipOutput)
    @action(detail=True, methods=["post"])
    def role(self, request: Request, pk: str | None = None) -> Response:
        membership = self.get_object()
        data = RoleInput(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.membership_change_role(
            actor=request.user, membership=membership, role=data.validated_data["role"]
        )
        return Response(MembershipOutput(membership).data)


class SectorViewSet(viewsets.ReadOnlyModelViewSet):
    """The govtech sector taxonomy."""

    queryset = Sector.objects.all()
    serializer_class = SectorOutput
    lookup_field = "slug"
    filter_backends: list[Any] = []
    pagination_class = None


class TechnologyViewSet(viewsets.ReadOnlyModelViewSet):
    """Technology tags."""

    queryset = Technology.objects.all()
    serializer_class = TechnologyOutput
    lookup_field = "slug"
    filter_backends: list[Any] = []
    pagination_class = None


class CpvFilter(django_filters.FilterSet):
    under = django_filters.CharFilter(method="filter_under", label="Descendants of this code (itself included)")
    q = django_filters.CharFilter(method="filter_q", label="Words in the label (any language)")
    parent = django_filters.CharFilter(field_name="parent_id")

    class Meta:
        model = CpvCode
        fields = ["level", "parent"]

    def filter_under(self, qs: QuerySet[CpvCode], name: str, value: str) -> QuerySet[CpvCode]:
        return qs.filter(code__startswith=CpvCode.prefix_of(value.strip()))

    def filter_q(self, qs: QuerySet[CpvCode], name: str, value: str) -> QuerySet[CpvCode]:
        for word in value.split():
            qs = qs.filter(
                Q(label_en__icontains=word)
                | Q(label_es__icontains=word)
                | Q(label_pt__icontains=word)
                | Q(code__startswith=word)
            )
        return qs


@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter("under", str), OpenApiParameter("q", str)]))
class CpvCodeViewSet(viewsets.ReadOnlyModelViewSet):
    """The CPV 2008 codes, with labels in en/es/pt."""

    queryset = CpvCode.objects.all()
    serializer_class = CpvCodeOutput
    filter_backends = [DjangoFilterBackend]
    filterset_class = CpvFilter
