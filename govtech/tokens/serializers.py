from __future__ import annotations

from rest_framework import serializers

from govtech.tokens.models import ApiToken


class TokenOutput(serializers.ModelSerializer[ApiToken]):
    prefix = serializers.SerializerMethodField()
    active = serializers.BooleanField(source="is_active")

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "scope", "created_at", "expires_at", "last_used_at", "revoked_at", "active"]

    def get_prefix(self, token: ApiToken) -> str:
        return f"gtp_{token.key_id}_"


class TokenCreateInput(serializers.Serializer[dict]):
    name = serializers.CharField(max_length=100)
    scope = serializers.ChoiceField(choices=ApiToken.Scope.choices, default=ApiToken.Scope.READ)
    expires_at = serializers.DateTimeField(required=False, allow_null=True)


class TokenCreatedOutput(TokenOutput):
    token = serializers.CharField(help_text="The secret, shown only in this response.")

    class Meta(TokenOutput.Meta):
        fields = [*TokenOutput.Meta.fields, "token"]


class MeMembershipOutput(serializers.Serializer[dict]):
    organisation_id = serializers.IntegerField()
    organisation = serializers.CharField()
    kind = serializers.CharField()
    role = serializers.CharField()


class MeOutput(serializers.Serializer[dict]):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    full_name = serializers.CharField()
    language = serializers.CharField()
    site_roles = serializers.ListField(child=serializers.CharField())
    memberships = MeMembershipOutput(many=True)
    token_scope = serializers.CharField(
        allow_null=True, help_text="The scope of the token used, or null for a browser session."
    )
