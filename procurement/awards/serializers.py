"""API input and output shapes of the award side (explicit fields, never __all__)."""

from __future__ import annotations

from rest_framework import serializers

from procurement.awards.models import Award, Complaint, Decision, Milestone


class AwardOutput(serializers.ModelSerializer[Award]):
    """Public: who, what, how much, when; and why, where the award exceeds the budget."""

    call = serializers.IntegerField(source="decision.call_id", read_only=True)
    call_title = serializers.CharField(source="decision.call.title", read_only=True)
    body = serializers.IntegerField(source="decision.call.body_id", read_only=True)
    body_name = serializers.CharField(source="decision.call.body.name", read_only=True)
    supplier = serializers.IntegerField(source="application.supplier_id", read_only=True)
    supplier_name = serializers.CharField(source="application.supplier.name", read_only=True)
    phase = serializers.CharField(source="decision.phase", read_only=True)
    decided_at = serializers.DateTimeField(source="decision.decided_at", read_only=True)
    budget_exception = serializers.CharField(
        source="decision.budget_exception",
        read_only=True,
        help_text="Where the award exceeds the call's budget: the decider's published reason (empty otherwise).",
    )

    class Meta:
        model = Award
        fields = [
            "id",
            "call",
            "call_title",
            "body",
            "body_name",
            "supplier",
            "supplier_name",
            "phase",
            "amount",
            "currency",
            "decided_at",
            "budget_exception",
            "contract_signed_on",
            "became_contract",
        ]


class AwardLineInput(serializers.Serializer):
    application = serializers.IntegerField(min_value=1)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    currency = serializers.CharField(min_length=3, max_length=3)


class AwardDecisionInput(serializers.Serializer):
    call = serializers.IntegerField(min_value=1)
    outcome = serializers.ChoiceField(choices=Decision.Outcome.choices)
    justification = serializers.CharField(max_length=20000)
    awards = AwardLineInput(many=True, required=False)
    budget_exception = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    declaration = serializers.BooleanField(
        required=False,
        default=False,
        help_text=(
            "true signs your conflict-of-interest declaration for this act now (once per call; the refusal without it "
            "gives the text). Refused to anyone who is or was in the last 24 months a member of an applicant."
        ),
    )


class DecisionOutput(serializers.ModelSerializer[Decision]):
    awards = AwardOutput(many=True, read_only=True)
    annulled = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "id",
            "call",
            "phase",
            "outcome",
            "justification",
            "decided_at",
            "standstill_ends_at",
            "report_sha256",
            "budget_exception",
            "annulled",
            "annulled_at",
            "annulment_reason",
            "awards",
        ]

    def get_annulled(self, obj: Decision) -> bool:
        return obj.annulled_at is not None


class ComplaintInput(serializers.Serializer):
    application = serializers.IntegerField(min_value=1)
    grounds = serializers.CharField(max_length=20000)


class ComplaintAnswerInput(serializers.Serializer):
    answer = serializers.ChoiceField(choices=[("uphold", "uphold"), ("reject", "reject")])
    response = serializers.CharField(max_length=20000)
    declaration = serializers.BooleanField(
        required=False,
        default=False,
        help_text=(
            "true signs your conflict-of-interest declaration for this act now (once per call; the refusal without it "
            "gives the text). Refused to anyone who is or was in the last 24 months a member of an applicant."
        ),
    )


class ComplaintOutput(serializers.ModelSerializer[Complaint]):
    documents = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = [
            "id",
            "decision",
            "application",
            "grounds",
            "filed_at",
            "status",
            "response",
            "responded_at",
            "documents",
        ]

    def get_documents(self, obj: Complaint) -> list[dict[str, str]]:
        return [{"name": d.name, "sha256": d.sha256} for d in obj.documents.all()]


class ContractInput(serializers.Serializer):
    signed_on = serializers.DateField(required=False)


class AwardMilestoneInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    due_date = serializers.DateField()


class MilestoneStatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=Milestone.Status.choices)


class MilestoneOutput(serializers.ModelSerializer[Milestone]):
    class Meta:
        model = Milestone
        fields = ["id", "award", "name", "due_date", "status", "completed_at"]
