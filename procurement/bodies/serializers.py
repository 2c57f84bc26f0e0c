"""Input and output of the public-bodies API."""

from __future__ import annotations

from rest_framework import serializers

from govtech.accounts.models import Membership
from procurement.bodies.models import BodyInvitation, PublicBody
from procurement.bodies.services import BODY_ROLES

ROLE_CHOICES = [(r.value, r.label) for r in BODY_ROLES]


class PublicBodyProposeInput(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    kind = serializers.ChoiceField(choices=PublicBody.BodyKind.choices)
    level = serializers.ChoiceField(choices=PublicBody.Level.choices)
    country = serializers.CharField(max_length=2)
    subdivision = serializers.CharField(max_length=6, required=False, default="", allow_blank=True)
    parent = serializers.IntegerField(required=False, allow_null=True, default=None)  # type: ignore[assignment]
    identifier_scheme = serializers.CharField(max_length=20, required=False, default="", allow_blank=True)
    identifier = serializers.CharField(max_length=60, required=False, default="", allow_blank=True)
    email_domains = serializers.ListField(child=serializers.CharField(max_length=120), min_length=1, max_length=20)
    timezone = serializers.CharField(max_length=64, required=False, default="America/Bogota")


class RejectInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class InvitationInput(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    role = serializers.ChoiceField(choices=ROLE_CHOICES)


class InvitationAcceptInput(serializers.Serializer):
    token = serializers.CharField(max_length=200)


class MemberActionInput(serializers.Serializer):
    membership = serializers.IntegerField()
    action = serializers.ChoiceField(choices=["confirm", "refuse", "role", "revoke", "suspend", "remove"])
    role = serializers.ChoiceField(choices=ROLE_CHOICES, required=False)
    evidence = serializers.CharField(max_length=4000, required=False, default="", allow_blank=True)
    reason = serializers.CharField(max_length=4000, required=False, default="", allow_blank=True)


class DomainsInput(serializers.Serializer):
    email_domains = serializers.ListField(child=serializers.CharField(max_length=120), min_length=1, max_length=20)


class BodyMembershipOutput(serializers.ModelSerializer[Membership]):
    email = serializers.EmailField(source="user.email", read_only=True)
    name = serializers.CharField(source="user.full_name", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "email", "name", "role", "status", "created_at", "updated_at"]


class InvitationOutput(serializers.ModelSerializer[BodyInvitation]):
    state = serializers.CharField(read_only=True)

    class Meta:
        model = BodyInvitation
        fields = ["id", "email", "role", "state", "created_at", "expires_at"]


class PublicBodyOutput(serializers.ModelSerializer[PublicBody]):
    name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = PublicBody
        fields = [
            "id",
            "name",
            "kind",
            "country",
            "subdivision",
            "level",
            "parent",
            "identifier_scheme",
            "identifier",
            "verification_status",
        ]
