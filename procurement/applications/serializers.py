"""API input and output shapes of applications (explicit fields, never __all__)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from procurement.applications.models import Application, ApplicationFile, ApplicationPartner, SubmissionReceipt
from procurement.applications.receipts import receipt_is_intact
from procurement.calls.requirements import FileKind

TEXT_MAX = 20000


class ApplicationCreateInput(serializers.Serializer):
    call = serializers.IntegerField(min_value=1, help_text="The call's id (an open, published call)")
    supplier = serializers.IntegerField(
        min_value=1, required=False, help_text="Your organisation's id; needed only if you belong to several"
    )


class MilestoneInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    month = serializers.IntegerField(min_value=1, max_value=120)


class PhasePriceInput(serializers.Serializer):
    phase = serializers.CharField(max_length=120, help_text="The name of one of the call's phases")
    price = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)


class PartnerInput(serializers.Serializer):
    organisation = serializers.IntegerField(min_value=1, help_text="A supplier organisation registered here")
    role = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ApplicationFieldsInput(serializers.Serializer):
    """The content of a draft (``PATCH`` sends any subset)."""

    title = serializers.CharField(max_length=200, allow_blank=True)
    solution = serializers.CharField(max_length=TEXT_MAX, allow_blank=True)
    criteria_responses = serializers.DictField(
        child=serializers.CharField(max_length=TEXT_MAX, allow_blank=True),
        help_text="One answer per criterion of the call, by the criterion's name",
    )
    team = serializers.CharField(max_length=TEXT_MAX, allow_blank=True)
    plan = serializers.CharField(max_length=TEXT_MAX, allow_blank=True)
    milestones = serializers.ListField(child=MilestoneInput(), max_length=50)
    price = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, allow_null=True)
    currency = serializers.CharField(max_length=3, allow_blank=True)
    phase_prices = serializers.ListField(child=PhasePriceInput(), max_length=10)
    partners = serializers.ListField(child=PartnerInput(), max_length=20)

    def to_service(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        if "milestones" in data:
            data["milestones"] = [dict(m) for m in data["milestones"]]
        if "phase_prices" in data:
            data["phase_prices"] = [{"phase": p["phase"], "price": str(p["price"])} for p in data["phase_prices"]]
        if "partners" in data:
            data["partners"] = [dict(p) for p in data["partners"]]
        return data


class FileInput(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, ODT/ODS, DOCX/XLSX or an image (checked by content)")
    kind = serializers.ChoiceField(
        choices=FileKind.choices,
        default=FileKind.OTHER,
        help_text="What the file is; a call may require one file of some kinds (its requirements.files)",
    )


class PartnerOutput(serializers.ModelSerializer[ApplicationPartner]):
    name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = ApplicationPartner
        fields = ["organisation", "name", "role", "consent"]


class PartnerRequestOutput(serializers.ModelSerializer[ApplicationPartner]):
    """A consortium request as the named partner's owner sees it: never the application's content."""

    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    call = serializers.IntegerField(source="application.call_id", read_only=True)
    call_title = serializers.CharField(source="application.call.title", read_only=True)
    lead = serializers.CharField(source="application.supplier.name", read_only=True)

    class Meta:
        model = ApplicationPartner
        fields = ["id", "organisation", "organisation_name", "call", "call_title", "lead", "role", "consent"]


class PartnerRespondInput(serializers.Serializer):
    accept = serializers.BooleanField()


class FileOutput(serializers.ModelSerializer[ApplicationFile]):
    class Meta:
        model = ApplicationFile
        fields = ["id", "kind", "name", "content_type", "size", "sha256", "uploaded_at"]


class ReceiptOutput(serializers.ModelSerializer[SubmissionReceipt]):
    reference = serializers.CharField(
        source="application.reference", read_only=True, help_text="The application's short reference, GT-YYYY-NNNNNN"
    )
    intact = serializers.SerializerMethodField(help_text="The stored manifest still hashes to the digest")
    manifest = serializers.JSONField(help_text="The canonical manifest (sorted keys, UTF-8) whose SHA-256 is digest")
    pdf = serializers.SerializerMethodField(help_text="Path of the receipt as a PDF (the applicant's members)")

    class Meta:
        model = SubmissionReceipt
        fields = ["application", "reference", "number", "submitted_at", "digest", "manifest", "intact", "pdf"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_pdf(self, obj: SubmissionReceipt) -> str:
        return reverse("applications:receipt_pdf", args=[obj.application_id, obj.number])

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_intact(self, obj: SubmissionReceipt) -> bool:
        return receipt_is_intact(obj)


class ApplicationOutput(serializers.ModelSerializer[Application]):
    call_title = serializers.CharField(source="call.title", read_only=True)
    submission_deadline = serializers.DateTimeField(source="call.submission_deadline", read_only=True)
    supplier_name = serializers.CharField(source="supplier.name", read_only=True)
    partners = PartnerOutput(many=True, read_only=True)
    files = FileOutput(many=True, read_only=True)
    criteria_responses = serializers.DictField(child=serializers.CharField(), read_only=True)
    milestones = serializers.ListField(child=serializers.DictField(), read_only=True)
    phase_prices = serializers.ListField(child=serializers.DictField(), read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "call",
            "call_title",
            "submission_deadline",
            "supplier",
            "supplier_name",
            "status",
            "reference",
            "title",
            "solution",
            "criteria_responses",
            "team",
            "plan",
            "milestones",
            "price",
            "currency",
            "phase_prices",
            "partners",
            "files",
            "submission_number",
            "submitted_at",
            "withdrawn_at",
            "created_at",
            "updated_at",
        ]


class MissingPartOutput(serializers.Serializer):
    part = serializers.CharField(help_text="title, solution, team, plan, price, criterion:<name> or file:<kind>")
    field = serializers.CharField(help_text="The field of the application it belongs to")
    message = serializers.CharField()


class EligibilityOutput(serializers.Serializer):
    eligible = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    missing = serializers.ListField(child=serializers.CharField(), help_text="What a submission still needs")
    missing_parts = MissingPartOutput(many=True, help_text="The same, each part named")
    requirements = serializers.JSONField(help_text="What the call requires (the call's requirements, completed)")


class CallApplicationsOutput(serializers.Serializer):
    call = serializers.IntegerField()
    submitted_count = serializers.IntegerField(
        allow_null=True,
        help_text="Submitted applications: null before the submission deadline (nobody learns how many applied "
        "before it), the count from the deadline to the opening and after",
    )
    deadline_passed = serializers.BooleanField()
    opened = serializers.BooleanField()
    opened_at = serializers.DateTimeField(allow_null=True)
    applications = ApplicationOutput(many=True, help_text="Empty until the applications are opened")


class OpeningInput(serializers.Serializer):
    declaration = serializers.BooleanField(
        required=False,
        default=False,
        help_text=(
            "true signs the opener's conflict-of-interest declaration now (the refusal without it gives the text). "
            "Refused to anyone who is or was in the last 24 months a member of any supplier organisation."
        ),
    )


class OpeningOutput(serializers.Serializer):
    call = serializers.IntegerField()
    opened_at = serializers.DateTimeField()
    submitted_count = serializers.IntegerField()
