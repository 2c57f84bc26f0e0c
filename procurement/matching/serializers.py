"""API shapes of matching (explicit fields). Reasons carry their code, parameters and the text in the
caller's language."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from procurement.matching.models import MatchInvitation, MatchResult
from procurement.matching.reasons import items


class MatchReasonOutput(serializers.Serializer):
    code = serializers.CharField()
    params = serializers.DictField()
    text = serializers.CharField()


class MatchSupplierOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")
    slug = serializers.CharField()
    country = serializers.CharField()
    verified = serializers.BooleanField(source="is_verified")


class MatchTargetOutput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["call", "challenge"])
    id = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField()
    submission_deadline = serializers.DateTimeField(allow_null=True)


def _reasons(result: MatchResult) -> list[dict[str, Any]]:
    rendered = getattr(result, "reason_items", None)
    if rendered is None:
        rendered = items(result.reasons)
    return list(rendered)


class SuggestionOutput(serializers.ModelSerializer[MatchResult]):
    """A supplier suggested for a call or challenge (officers of the body)."""

    supplier = MatchSupplierOutput()
    reasons = serializers.SerializerMethodField()
    invited = serializers.BooleanField()

    class Meta:
        model = MatchResult
        fields = ["id", "supplier", "rank", "score", "reasons", "algorithm_version", "computed_at", "invited"]

    @extend_schema_field(MatchReasonOutput(many=True))
    def get_reasons(self, result: MatchResult) -> list[dict[str, Any]]:
        return _reasons(result)


class MatchOutput(serializers.ModelSerializer[MatchResult]):
    """A call or challenge recommended to one of the caller's suppliers."""

    target = serializers.SerializerMethodField()
    supplier = MatchSupplierOutput()
    reasons = serializers.SerializerMethodField()

    class Meta:
        model = MatchResult
        fields = ["id", "target", "supplier", "rank", "score", "reasons", "algorithm_version", "computed_at"]

    @extend_schema_field(MatchTargetOutput)
    def get_target(self, result: MatchResult) -> dict[str, Any]:
        target = result.target
        return {
            "kind": result.target_kind,
            "id": target.pk,
            "title": target.title,
            "body": target.body.name,
            "submission_deadline": getattr(target, "submission_deadline", None),
        }

    @extend_schema_field(MatchReasonOutput(many=True))
    def get_reasons(self, result: MatchResult) -> list[dict[str, Any]]:
        return _reasons(result)


class MatchDismissOutput(serializers.Serializer):
    dismissed = serializers.BooleanField()


class MatchInvitationOutput(serializers.ModelSerializer[MatchInvitation]):
    class Meta:
        model = MatchInvitation
        fields = ["id", "call", "challenge", "supplier", "invited_at"]
