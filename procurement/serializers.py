"""API input and output shapes (explicit fields, never __all__)."""

from __future__ import annotations

from rest_framework import serializers

from procurement.models import Call, Challenge, PublicBody, Question


class PublicBodyOutput(serializers.ModelSerializer[PublicBody]):
    name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = PublicBody
        fields = ["id", "name", "kind", "country", "subdivision", "level", "parent", "identifier_scheme",
                  "identifier", "verification_status"]  # fmt: skip


class ChallengeOutput(serializers.ModelSerializer[Challenge]):
    class Meta:
        model = Challenge
        fields = ["id", "body", "title", "problem", "affected", "current_situation", "expected_outcomes",
                  "constraints", "sectors", "cpv_codes", "technologies", "regions", "budget", "currency",
                  "status", "published_at"]  # fmt: skip


class CallOutput(serializers.ModelSerializer[Call]):
    class Meta:
        model = Call
        fields = ["id", "body", "challenge", "title", "summary", "instrument", "instrument_other", "phases",
                  "sectors", "cpv_codes", "technologies", "regions", "budget", "currency", "smes_only",
                  "startups_only", "eligible_countries", "consortia_allowed", "verified_suppliers_only",
                  "criteria", "timezone", "publication_date", "questions_deadline", "submission_deadline",
                  "expected_decision", "status", "cancel_reason", "published_at", "closed_at"]  # fmt: skip


class CallInput(serializers.Serializer):  # type: ignore[type-arg]
    body = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=20000)
    instrument = serializers.ChoiceField(choices=Call.Instrument.choices)
    instrument_other = serializers.CharField(max_length=120, required=False, default="")
    phases = serializers.ListField(child=serializers.DictField(), required=False, default=list, max_length=10)
    budget = serializers.DecimalField(max_digits=14, decimal_places=2)
    currency = serializers.CharField(max_length=3)
    criteria = serializers.ListField(child=serializers.DictField(), max_length=20)
    questions_deadline = serializers.DateTimeField()
    submission_deadline = serializers.DateTimeField()
    expected_decision = serializers.DateTimeField(required=False, allow_null=True, default=None)


class ReasonInput(serializers.Serializer):  # type: ignore[type-arg]
    reason = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class QuestionInput(serializers.Serializer):  # type: ignore[type-arg]
    text = serializers.CharField(max_length=4000)


class QuestionOutput(serializers.ModelSerializer[Question]):
    class Meta:
        model = Question
        fields = ["id", "text", "status", "answer", "asked_at", "answered_at"]


class SimilarChallengeOutput(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField()
    score = serializers.FloatField()
    shared_terms = serializers.ListField(child=serializers.CharField())
    shared_sectors = serializers.ListField(child=serializers.CharField())
    shared_cpv = serializers.ListField(child=serializers.CharField())
