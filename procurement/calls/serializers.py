"""Input and output of the calls API."""

from __future__ import annotations

from rest_framework import serializers

from procurement.calls.models import Call, CallAmendment, Question


class CallOutput(serializers.ModelSerializer[Call]):
    class Meta:
        model = Call
        fields = [
            "id",
            "body",
            "challenge",
            "title",
            "summary",
            "language",
            "instrument",
            "instrument_other",
            "phases",
            "sectors",
            "cpv_codes",
            "technologies",
            "regions",
            "budget",
            "currency",
            "smes_only",
            "startups_only",
            "eligible_countries",
            "consortia_allowed",
            "verified_suppliers_only",
            "criteria",
            "requirements",
            "timezone",
            "publication_date",
            "questions_deadline",
            "submission_deadline",
            "expected_decision",
            "status",
            "cancel_reason",
            "published_at",
            "closed_at",
        ]


class CallFieldsInput(serializers.Serializer):
    """The editable fields of a call (``PATCH`` sends any subset; create sends the required ones)."""

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
    publication_date = serializers.DateTimeField(required=False, allow_null=True, default=None)
    sectors = serializers.ListField(child=serializers.SlugField(max_length=60), required=False, max_length=20)
    cpv_codes = serializers.ListField(
        child=serializers.RegexField(r"^\d{8}$", max_length=8), required=False, max_length=30
    )
    technologies = serializers.ListField(child=serializers.SlugField(max_length=60), required=False, max_length=20)
    regions = serializers.ListField(child=serializers.CharField(max_length=6), required=False, max_length=50)
    duration_months = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=120)
    smes_only = serializers.BooleanField(required=False)
    startups_only = serializers.BooleanField(required=False)
    eligible_countries = serializers.ListField(
        child=serializers.RegexField(r"^[A-Z]{2}$", max_length=2), required=False, max_length=60
    )
    consortia_allowed = serializers.BooleanField(required=False)
    verified_suppliers_only = serializers.BooleanField(required=False)
    language = serializers.ChoiceField(choices=["es", "pt", "en"], required=False)
    requirements = serializers.JSONField(
        required=False,
        help_text='What an application must contain: {"criteria": bool, "price": bool, "team": bool, "plan": bool, '
        '"files": [file kinds: proposal, budget, team_cvs, legal, references, other]}. Omitted or {}: criteria and '
        "price required, team, plan and files optional.",
    )


class CallInput(CallFieldsInput):
    body = serializers.IntegerField()


class AmendmentInput(serializers.Serializer):
    """What a published call may change; a submission deadline may only move later."""

    reason = serializers.CharField(max_length=2000)
    questions_deadline = serializers.DateTimeField(required=False)
    submission_deadline = serializers.DateTimeField(required=False)
    expected_decision = serializers.DateTimeField(required=False)
    summary = serializers.CharField(max_length=20000, required=False)
    budget = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, min_value=0)


class AmendmentOutput(serializers.ModelSerializer[CallAmendment]):
    class Meta:
        model = CallAmendment
        fields = ["id", "number", "reason", "changes", "created_at"]


class AnswerInput(serializers.Serializer):
    answer = serializers.CharField(max_length=8000)


class FollowOutput(serializers.Serializer):
    following = serializers.BooleanField()


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class QuestionInput(serializers.Serializer):
    text = serializers.CharField(max_length=4000)


class QuestionOutput(serializers.ModelSerializer[Question]):
    class Meta:
        model = Question
        fields = ["id", "text", "status", "answer", "asked_at", "answered_at"]
