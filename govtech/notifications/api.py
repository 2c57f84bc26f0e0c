"""REST API: the inbox, preferences and webhooks of the signed-in person."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from govtech.accounts.models import Organisation
from govtech.core.errors import NotAllowed
from govtech.notifications import selectors, services, webhooks
from govtech.notifications.models import Notification, WebhookDelivery
from govtech.notifications.serializers import (
    NotificationOutput,
    PreferenceOutput,
    PreferencesInput,
    WebhookCreatedOutput,
    WebhookDeliveryOutput,
    WebhookInput,
    WebhookOutput,
)


class InboxList(generics.ListAPIView):
    """The signed-in person's inbox, newest first."""

    permission_classes = [IsAuthenticated]
    serializer_class = NotificationOutput

    def get_queryset(self) -> Any:
        return selectors.inbox_for(self.request.user)


class InboxRead(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=NotificationOutput)
    def post(self, request: Request, pk: int) -> Response:
        notification = get_object_or_404(Notification.objects.inbox_of(request.user), pk=pk)
        services.notification_mark_read(actor=request.user, notification=notification)
        return Response(NotificationOutput(notification).data)


class InboxReadAll(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: {"type": "object", "properties": {"marked": {"type": "integer"}}}})
    def post(self, request: Request) -> Response:
        return Response({"marked": services.notification_mark_all_read(actor=request.user)})


class UnreadCount(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: {"type": "object", "properties": {"unread": {"type": "integer"}}}})
    def get(self, request: Request) -> Response:
        return Response({"unread": selectors.unread_count(request.user)})


class Preferences(APIView):
    """Read or change the frequency per kind and channel (``immediate``, ``daily``, ``weekly``, ``off``)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=PreferenceOutput(many=True))
    def get(self, request: Request) -> Response:
        return Response(PreferenceOutput(selectors.preference_grid(request.user), many=True).data)

    @extend_schema(request=PreferencesInput, responses=PreferenceOutput(many=True))
    def put(self, request: Request) -> Response:
        data = PreferencesInput(data=request.data)
        data.is_valid(raise_exception=True)
        choices = {(c["kind"], c["channel"]): c["frequency"] for c in data.validated_data["preferences"]}
        services.preferences_update(actor=request.user, choices=choices)
        return Response(PreferenceOutput(selectors.preference_grid(request.user), many=True).data)


class WebhookListCreate(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=WebhookOutput(many=True))
    def get(self, request: Request) -> Response:
        return Response(WebhookOutput(selectors.webhooks_for(request.user), many=True).data)

    @extend_schema(request=WebhookInput, responses={201: WebhookCreatedOutput})
    def post(self, request: Request) -> Response:
        data = WebhookInput(data=request.data)
        data.is_valid(raise_exception=True)
        organisation = None
        if data.validated_data.get("organisation"):
            organisation = Organisation.objects.filter(pk=data.validated_data["organisation"]).first()
            if organisation is None:
                raise NotAllowed(str(webhooks.MSG_NOT_OWNER))
        subscription = webhooks.webhook_subscribe(
            actor=request.user,
            target_url=data.validated_data["target_url"].strip(),
            kinds=data.validated_data["kinds"],
            organisation=organisation,
        )
        return Response(WebhookCreatedOutput(subscription).data, status=status.HTTP_201_CREATED)


class WebhookDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=WebhookOutput)
    def get(self, request: Request, pk: int) -> Response:
        return Response(WebhookOutput(get_object_or_404(selectors.webhooks_for(request.user), pk=pk)).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        subscription = get_object_or_404(selectors.webhooks_for(request.user), pk=pk)
        webhooks.webhook_delete(actor=request.user, subscription=subscription)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookDeliveries(generics.ListAPIView):
    """The delivery log of one webhook."""

    permission_classes = [IsAuthenticated]
    serializer_class = WebhookDeliveryOutput

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return WebhookDelivery.objects.none()
        subscription = get_object_or_404(selectors.webhooks_for(self.request.user), pk=self.kwargs["pk"])
        return subscription.deliveries.order_by("-created_at", "-id")
