"""API input and output shapes (explicit fields; input and output kept apart)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from govtech.notifications.kinds import PREFERENCE_KINDS
from govtech.notifications.models import Frequency, Notification, WebhookDelivery, WebhookSubscription
from govtech.notifications.rendering import absolute_url, render_message


class NotificationOutput(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    subject = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_label", "subject", "body", "url", "read", "read_at", "created_at"]

    def get_subject(self, obj: Notification) -> str:
        return render_message(obj.kind, obj.context).subject

    def get_body(self, obj: Notification) -> str:
        return render_message(obj.kind, obj.context).body

    def get_url(self, obj: Notification) -> str:
        return absolute_url(obj.url)

    def get_read(self, obj: Notification) -> bool:
        return obj.read_at is not None


class PreferenceOutput(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="label")
    email = serializers.CharField()
    inbox = serializers.CharField()


class PreferenceChoiceInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[str(k) for k in PREFERENCE_KINDS])
    channel = serializers.ChoiceField(choices=Notification.Channel.values)
    frequency = serializers.ChoiceField(choices=Frequency.values)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["channel"] == Notification.Channel.INBOX and attrs["frequency"] in (Frequency.DAILY, Frequency.WEEKLY):
            raise serializers.ValidationError({"frequency": "The inbox is either on or off."})
        return attrs


class PreferencesInput(serializers.Serializer):
    preferences = PreferenceChoiceInput(many=True, allow_empty=False)


class WebhookInput(serializers.Serializer):
    target_url = serializers.CharField(max_length=500)
    kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=[str(k) for k in PREFERENCE_KINDS]), allow_empty=False
    )
    organisation = serializers.IntegerField(required=False, allow_null=True)


class WebhookOutput(serializers.ModelSerializer):
    class Meta:
        model = WebhookSubscription
        fields = ["id", "target_url", "kinds", "owner_user", "owner_organisation", "is_active", "created_at"]


class WebhookCreatedOutput(WebhookOutput):
    """Returned once, on creation: the only time the secret is disclosed."""

    class Meta(WebhookOutput.Meta):
        fields = [*WebhookOutput.Meta.fields, "secret"]


class WebhookDeliveryOutput(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "kind",
            "event_key",
            "status",
            "attempts",
            "response_status",
            "last_error",
            "created_at",
            "sent_at",
        ]
