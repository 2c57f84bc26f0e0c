"""The public-bodies API: the directory, proposals, verification and members."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from govtech.accounts.models import Membership
from govtech.accounts.roles import is_admin
from govtech.core.api import paginated
from govtech.core.errors import ApplicationError, NotAllowed
from procurement.bodies.models import PublicBody
from procurement.bodies.permissions import can_manage
from procurement.bodies.selectors import body_members
from procurement.bodies.serializers import (
    BodyMembershipOutput,
    DomainsInput,
    InvitationAcceptInput,
    InvitationInput,
    InvitationOutput,
    MemberActionInput,
    PublicBodyOutput,
    PublicBodyProposeInput,
    RejectInput,
)
from procurement.bodies.services import (
    MSG_ONLY_ADMINS,
    MSG_ONLY_DOMAIN_EDITORS,
    MSG_ONLY_MANAGERS,
    body_invitation_accept,
    body_invite,
    body_join_request,
    body_member_change_role,
    body_member_revoke,
    body_request_decide,
    public_body_propose,
    public_body_reject,
    public_body_set_domains,
    public_body_verify,
    public_body_verify_domains,
)
from startups.services import membership_admin_remove, membership_suspend


class PublicBodyActionsMixin:
    """Mixed into ``api.PublicBodyViewSet``: list/detail stay public for verified bodies (``visible_to``)."""

    get_object: Any

    @extend_schema(
        request=PublicBodyProposeInput,
        responses={201: PublicBodyOutput},
        summary="Propose a public body (it waits for an administrator)",
    )
    def create(self, request: Request) -> Response:
        if not request.user.is_authenticated:
            raise NotAllowed(_("Sign in to propose a public body."))
        data = PublicBodyProposeInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        parent_id = values.pop("parent")
        parent = None
        if parent_id is not None:
            parent = PublicBody.objects.verified().filter(pk=parent_id).first()
            if parent is None:
                raise ApplicationError(_("Choose a verified parent body."), field="parent")
        body = public_body_propose(actor=request.user, parent=parent, timezone_name=values.pop("timezone"), **values)
        return Response(PublicBodyOutput(body).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=PublicBodyOutput, summary="Verify a public body (administrators)")
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def verify(self, request: Request, pk: str) -> Response:
        body = public_body_verify(body=self.get_object(), actor=request.user)
        return Response(PublicBodyOutput(body).data)

    @extend_schema(request=RejectInput, responses=PublicBodyOutput, summary="Reject a public body (administrators)")
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def reject(self, request: Request, pk: str) -> Response:
        body = self.get_object()
        if not is_admin(request.user):
            raise NotAllowed(str(MSG_ONLY_ADMINS))
        data = RejectInput(data=request.data)
        data.is_valid(raise_exception=True)
        body = public_body_reject(body=body, actor=request.user, reason=data.validated_data["reason"])
        return Response(PublicBodyOutput(body).data)

    @extend_schema(
        request=MemberActionInput,
        responses={200: BodyMembershipOutput(many=True)},
        summary="The body's members; POST confirms, refuses, changes a role or revokes",
    )
    @action(detail=True, methods=["get", "post"], permission_classes=[IsAuthenticated], filter_backends=[])
    def members(self, request: Request, pk: str) -> Response:
        """Approvers manage the body's people. Administrators see them and may decide the first approver's claim
        (with evidence), suspend or remove someone (with a reason): the services apply these rules."""
        body: PublicBody = self.get_object()
        if not (can_manage(request.user, body) or is_admin(request.user)):
            raise NotAllowed(str(MSG_ONLY_MANAGERS))
        if request.method == "GET":
            return paginated(self, body_members(body), BodyMembershipOutput)
        data = MemberActionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        membership = get_object_or_404(Membership, pk=values["membership"], organisation_id=body.organisation_id)
        act = values["action"]
        if act in ("confirm", "refuse"):
            membership = body_request_decide(
                actor=request.user, membership=membership, approve=act == "confirm", evidence=values["evidence"]
            )
        elif act == "suspend":
            membership = membership_suspend(actor=request.user, membership=membership, reason=values["reason"])
        elif act == "remove":
            membership = membership_admin_remove(actor=request.user, membership=membership, reason=values["reason"])
        elif act == "role":
            if "role" not in values:
                raise ApplicationError(_("Choose the new role."), field="role")
            membership = body_member_change_role(actor=request.user, membership=membership, role=values["role"])
        else:
            membership = body_member_revoke(actor=request.user, membership=membership)
        return Response(BodyMembershipOutput(membership).data)

    @extend_schema(
        request=DomainsInput,
        responses=PublicBodyOutput,
        summary="Change the official e-mail domains (approvers, administrators; new ones wait for verification)",
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def domains(self, request: Request, pk: str) -> Response:
        body: PublicBody = self.get_object()
        if not (can_manage(request.user, body) or is_admin(request.user)):  # who, before what
            raise NotAllowed(str(MSG_ONLY_DOMAIN_EDITORS))
        data = DomainsInput(data=request.data)
        data.is_valid(raise_exception=True)
        body = public_body_set_domains(actor=request.user, body=body, domains=data.validated_data["email_domains"])
        return Response(PublicBodyOutput(body).data)

    @extend_schema(
        request=None, responses=PublicBodyOutput, summary="Verify the official e-mail domains (administrators)"
    )
    @action(detail=True, methods=["post"], url_path="domains/verify", permission_classes=[IsAuthenticated])
    def verify_domains(self, request: Request, pk: str) -> Response:
        body = public_body_verify_domains(actor=request.user, body=self.get_object())
        return Response(PublicBodyOutput(body).data)

    @extend_schema(
        request=InvitationInput,
        responses={201: InvitationOutput},
        summary="Invite someone by e-mail with a role (approvers, administrators)",
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def invitations(self, request: Request, pk: str) -> Response:
        body: PublicBody = self.get_object()
        if not can_manage(request.user, body):
            raise NotAllowed(str(MSG_ONLY_MANAGERS))
        data = InvitationInput(data=request.data)
        data.is_valid(raise_exception=True)
        invitation, _raw = body_invite(actor=request.user, body=body, **data.validated_data)
        return Response(InvitationOutput(invitation).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={201: BodyMembershipOutput},
        summary="Ask to join as an officer (or claim an imported body) with an official address",
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def join(self, request: Request, pk: str) -> Response:
        membership = body_join_request(actor=request.user, body=self.get_object())
        return Response(BodyMembershipOutput(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=InvitationAcceptInput,
        responses={200: BodyMembershipOutput},
        summary="Accept an invitation with the token from the e-mail",
    )
    @action(detail=False, methods=["post"], url_path="invitations/accept", permission_classes=[IsAuthenticated])
    def accept_invitation(self, request: Request) -> Response:
        data = InvitationAcceptInput(data=request.data)
        data.is_valid(raise_exception=True)
        membership = body_invitation_accept(actor=request.user, token=data.validated_data["token"])
        return Response(BodyMembershipOutput(membership).data)


class PublicBodyViewSet(
    PublicBodyActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = PublicBodyOutput
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        return PublicBody.objects.visible_to(self.request.user).select_related("organisation").order_by("pk")
