"""API serializers: inputs validate, outputs show. Explicit fields, never ``__all__``."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from govtech.accounts.models import Membership
from startups.identifiers import display_identifier
from startups.models import CpvCode, PublicReference, Sector, Solution, Supplier, Technology
from startups.permissions import can_see_private


# --- reference data ---
class SectorOutput(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["slug", "name", "name_en", "name_es", "name_pt"]


class TechnologyOutput(serializers.ModelSerializer):
    class Meta:
        model = Technology
        fields = ["slug", "name", "name_en", "name_es", "name_pt"]


class CpvCodeOutput(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent_id", allow_null=True)  # type: ignore[assignment]

    class Meta:
        model = CpvCode
        fields = ["code", "code_with_check_digit", "level", "parent", "label", "label_en", "label_es", "label_pt"]


# --- offer and track record ---
class SolutionOutput(serializers.ModelSerializer):
    supplier = serializers.CharField(source="supplier.slug")

    class Meta:
        model = Solution
        fields = ["id", "supplier", "name", "description", "trl", "pricing_model", "deployments"]


class SolutionInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    trl = serializers.IntegerField(min_value=1, max_value=9)
    pricing_model = serializers.ChoiceField(choices=Solution.Pricing.choices)
    deployments = serializers.IntegerField(min_value=0, required=False)


class SolutionCreateInput(SolutionInput):
    supplier = serializers.SlugField()


class ReferenceOutput(serializers.ModelSerializer):
    supplier = serializers.CharField(source="supplier.slug")

    class Meta:
        model = PublicReference
        fields = [
            "id",
            "supplier",
            "public_body_name",
            "country",
            "year",
            "value_amount",
            "value_currency",
            "description",
            "contract_url",
        ]


class ReferenceInput(serializers.Serializer):
    public_body_name = serializers.CharField(max_length=255)
    country = serializers.CharField(max_length=2, required=False, allow_blank=True)
    year = serializers.IntegerField(min_value=1950, max_value=2100)
    value_amount = serializers.DecimalField(
        max_digits=16, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    value_currency = serializers.RegexField(r"^[A-Za-z]{3}$", required=False, allow_blank=True)
    description = serializers.CharField()
    contract_url = serializers.URLField(required=False, allow_blank=True)


class ReferenceCreateInput(ReferenceInput):
    supplier = serializers.SlugField()


# --- suppliers ---
def _slugs(obj: Supplier, annotated: str, relation: str, field: str) -> list[str]:
    """A row's related slugs: from its array when the list read them so, else from the (prefetched) relation."""
    found = getattr(obj, annotated, None)
    if found is not None:
        return list(found)
    return [getattr(item, field) for item in getattr(obj, relation).all()]


class SupplierListOutput(serializers.ModelSerializer):
    slug = serializers.CharField(source="organisation.slug")
    name = serializers.CharField(source="display_name")
    pitch = serializers.CharField()
    is_startup = serializers.BooleanField()
    is_debarred = serializers.SerializerMethodField()
    # A list's rows carry these as arrays (``selectors.supplier_rows``); a detail reads its prefetched relations.
    sectors = serializers.SerializerMethodField()
    technologies = serializers.SerializerMethodField()
    cpv_codes = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Supplier
        fields = [
            "id",
            "slug",
            "name",
            "legal_name",
            "trade_name",
            "country",
            "identifier_scheme",
            "identifier",
            "year_founded",
            "website",
            "pitch",
            "size_class",
            "stage",
            "is_startup",
            "verification_status",
            "is_debarred",
            "regions_served",
            "sectors",
            "technologies",
            "cpv_codes",
            "url",
        ]

    def get_is_debarred(self, obj: Supplier) -> bool:
        if hasattr(obj, "debarred"):
            return bool(obj.debarred)
        return bool(getattr(obj, "sanctions_in_force", []))

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_sectors(self, obj: Supplier) -> list[str]:
        return _slugs(obj, "sector_slugs", "sectors", "slug")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_technologies(self, obj: Supplier) -> list[str]:
        return _slugs(obj, "technology_slugs", "technologies", "slug")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_cpv_codes(self, obj: Supplier) -> list[str]:
        return _slugs(obj, "cpv_code_list", "cpv_codes", "code")

    def get_url(self, obj: Supplier) -> str:
        return reverse("startups:detail", args=[obj.organisation.slug])


class SupplierDetailOutput(SupplierListOutput):
    identifier_display = serializers.SerializerMethodField()
    solutions = SolutionOutput(many=True, read_only=True)
    references = ReferenceOutput(many=True, read_only=True)
    verification_reason = serializers.SerializerMethodField()

    class Meta(SupplierListOutput.Meta):
        fields = [
            *SupplierListOutput.Meta.fields,
            "identifier_display",
            "pitch_es",
            "pitch_pt",
            "pitch_en",
            "description_es",
            "description_pt",
            "description_en",
            "employees",
            "revenue_band",
            "innovative",
            "languages",
            "contact_name",
            "contact_email",
            "contact_phone",
            "social_links",
            "solutions",
            "references",
            "verification_reason",
        ]

    def get_identifier_display(self, obj: Supplier) -> str:
        return display_identifier(obj.identifier_scheme, obj.identifier)

    def get_verification_reason(self, obj: Supplier) -> str:
        """Shown to the supplier's team and to staff only."""
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return obj.verification_reason if user is not None and can_see_private(user, obj) else ""


class SupplierProfileInput(serializers.Serializer):
    legal_name = serializers.CharField(max_length=255, required=False)
    trade_name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    year_founded = serializers.IntegerField(min_value=1800, max_value=2100, required=False, allow_null=True)
    website = serializers.URLField(required=False, allow_blank=True)
    pitch_es = serializers.CharField(max_length=280, required=False, allow_blank=True)
    pitch_pt = serializers.CharField(max_length=280, required=False, allow_blank=True)
    pitch_en = serializers.CharField(max_length=280, required=False, allow_blank=True)
    description_es = serializers.CharField(required=False, allow_blank=True)
    description_pt = serializers.CharField(required=False, allow_blank=True)
    description_en = serializers.CharField(required=False, allow_blank=True)
    employees = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    revenue_band = serializers.ChoiceField(choices=Supplier.RevenueBand.choices, required=False, allow_blank=True)
    stage = serializers.ChoiceField(choices=Supplier.Stage.choices, required=False, allow_blank=True)
    innovative = serializers.BooleanField(required=False)
    regions_served = serializers.ListField(child=serializers.CharField(max_length=6), required=False)
    languages = serializers.ListField(child=serializers.ChoiceField(choices=Supplier.Language.choices), required=False)
    contact_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    social_links = serializers.ListField(child=serializers.URLField(), required=False)
    sectors = serializers.ListField(child=serializers.SlugField(), required=False)
    technologies = serializers.ListField(child=serializers.SlugField(), required=False)
    cpv_codes = serializers.ListField(child=serializers.CharField(max_length=10), required=False)


class SupplierCreateInput(SupplierProfileInput):
    legal_name = serializers.CharField(max_length=255)
    country = serializers.CharField(max_length=2)
    identifier = serializers.CharField(max_length=40)


class VerificationInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=Supplier.Verification.choices)
    reason = serializers.CharField(required=False, allow_blank=True)


# --- memberships ---
class MembershipOutput(serializers.ModelSerializer):
    supplier = serializers.CharField(source="organisation.slug")
    email = serializers.EmailField(source="user.email")
    name = serializers.CharField(source="user.get_full_name")

    class Meta:
        model = Membership
        fields = ["id", "supplier", "email", "name", "role", "status", "created_at"]


class InviteInput(serializers.Serializer):
    supplier = serializers.SlugField()
    email = serializers.EmailField()
    role = serializers.ChoiceField(
        choices=[Membership.Role.OWNER, Membership.Role.MEMBER], default=Membership.Role.MEMBER
    )


class JoinInput(serializers.Serializer):
    supplier = serializers.SlugField()


class RoleInput(serializers.Serializer):
    role = serializers.ChoiceField(choices=[Membership.Role.OWNER, Membership.Role.MEMBER])


class DecisionInput(serializers.Serializer):
    approve = serializers.BooleanField()
    evidence = serializers.CharField(
        max_length=4000,
        required=False,
        default="",
        allow_blank=True,
        help_text="Administrators approving the first owner's claim of an ownerless organisation: what was checked.",
    )


class MembershipReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=4000)


def split_classification(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Separate profile fields from classification lists (which have their own service)."""
    classification: dict[str, Any] = {k: data.pop(k) for k in ("sectors", "technologies", "cpv_codes") if k in data}
    return data, classification
