"""HTML forms of the registry. They validate input; services do the writing."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from govtech.accounts.models import Membership
from govtech.core.forms import GovukForm
from startups.filters import country_choices
from startups.models import ComplianceDocument, Sanction, Sector, Solution, Supplier, Technology
from startups.services.profile import PROFILE_FIELDS


def _lines(value: str) -> list[str]:
    return [part.strip() for part in value.replace(",", "\n").splitlines() if part.strip()]


class RegistrationForm(GovukForm):
    legal_name = forms.CharField(
        label=_("Legal name"), max_length=255, help_text=_("As it appears on the company register")
    )
    trade_name = forms.CharField(label=_("Trade name (optional)"), max_length=255, required=False)
    country = forms.ChoiceField(label=_("Country of registration"), choices=())
    identifier = forms.CharField(
        label=_("Legal identifier"),
        max_length=40,
        help_text=_("The tax or company number: CNPJ, RUT, NIT, RFC, CUIT, RUC, NIF or NIPC"),
    )
    year_founded = forms.IntegerField(label=_("Year founded"), required=False, min_value=1800, max_value=2100)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    innovative = forms.BooleanField(
        label=_("Our business is built on a new product, service or technology"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["country"]).choices = [("", _("Choose a country")), *country_choices()]


class ProfileForm(GovukForm):
    legal_name = forms.CharField(label=_("Legal name"), max_length=255)
    trade_name = forms.CharField(label=_("Trade name"), max_length=255, required=False)
    year_founded = forms.IntegerField(label=_("Year founded"), required=False, min_value=1800, max_value=2100)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    pitch_es = forms.CharField(label=_("Short pitch in Spanish"), max_length=280, required=False)
    pitch_pt = forms.CharField(label=_("Short pitch in Portuguese"), max_length=280, required=False)
    pitch_en = forms.CharField(label=_("Short pitch in English"), max_length=280, required=False)
    description_es = forms.CharField(label=_("Description in Spanish"), widget=forms.Textarea, required=False)
    description_pt = forms.CharField(label=_("Description in Portuguese"), widget=forms.Textarea, required=False)
    description_en = forms.CharField(label=_("Description in English"), widget=forms.Textarea, required=False)
    employees = forms.IntegerField(label=_("Number of employees"), required=False, min_value=0)
    revenue_band = forms.ChoiceField(
        label=_("Annual revenue"), required=False, choices=[("", _("Prefer not to say")), *Supplier.RevenueBand.choices]
    )
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", "—"), *Supplier.Stage.choices])
    innovative = forms.BooleanField(
        label=_("Our business is built on a new product, service or technology"), required=False
    )
    regions_served = forms.CharField(
        label=_("Regions served"),
        required=False,
        help_text=_("ISO codes separated by commas: countries (CO, PE) or subdivisions (CO-ANT, BR-SP)"),
    )
    languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        required=False,
        choices=Supplier.Language.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    contact_name = forms.CharField(label=_("Contact name"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    social_links = forms.CharField(
        label=_("Social links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One web address per line"),
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.all(),
        required=False,
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
    )
    technologies = forms.ModelMultipleChoiceField(
        label=_("Technologies"),
        queryset=Technology.objects.all(),
        required=False,
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
    )
    cpv_codes = forms.CharField(
        label=_("CPV codes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Common Procurement Vocabulary codes separated by commas, e.g. 72212000, 48000000-8"),
    )

    def clean_regions_served(self) -> list[str]:
        return [c.upper() for c in _lines(self.cleaned_data["regions_served"])]

    def clean_cpv_codes(self) -> list[str]:
        return _lines(self.cleaned_data["cpv_codes"])

    def clean_social_links(self) -> list[str]:

        links = _lines(self.cleaned_data["social_links"])
        for link in links:
            try:
                URLValidator(schemes=["http", "https"])(link)
            except ValidationError as exc:
                raise forms.ValidationError(_("Enter full web addresses, one per line.")) from exc
        return links

    @staticmethod
    def initial_for(supplier: Supplier) -> dict[str, Any]:

        data: dict[str, Any] = {name: getattr(supplier, name) for name in PROFILE_FIELDS}
        data["regions_served"] = ", ".join(supplier.regions_served)
        data["social_links"] = "\n".join(supplier.social_links)
        data["sectors"] = list(supplier.sectors.values_list("slug", flat=True))
        data["technologies"] = list(supplier.technologies.values_list("slug", flat=True))
        data["cpv_codes"] = ", ".join(c.code_with_check_digit for c in supplier.cpv_codes.all())
        return data


class LogoForm(GovukForm):
    logo = forms.FileField(label=_("Logo"), help_text=_("PNG, JPEG or WebP, up to 1 MB"))


class SolutionForm(GovukForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    trl = forms.TypedChoiceField(
        label=_("Technology readiness level"),
        coerce=int,
        choices=[(i, str(i)) for i in range(1, 10)],
        help_text=_("From 1 (basic principles observed) to 9 (proven in operation)"),
    )
    pricing_model = forms.ChoiceField(label=_("Pricing model"), choices=Solution.Pricing.choices)
    deployments = forms.IntegerField(
        label=_("Deployments"), min_value=0, initial=0, help_text=_("Places where it is in use")
    )


class ReferenceForm(GovukForm):
    public_body_name = forms.CharField(label=_("Public body"), max_length=255)
    country = forms.ChoiceField(label=_("Country"), required=False, choices=())
    year = forms.IntegerField(label=_("Year"), min_value=1950, max_value=2100)
    value_amount = forms.DecimalField(
        label=_("Contract value (optional)"), required=False, min_value=0, max_digits=16, decimal_places=2
    )
    value_currency = forms.RegexField(
        label=_("Currency (optional)"),
        required=False,
        regex=r"^[A-Za-z]{3}$",
        help_text=_("ISO 4217 code, e.g. COP, BRL, EUR"),
        error_messages={"invalid": _("Enter a 3-letter currency code, e.g. COP.")},
    )
    description = forms.CharField(label=_("What you did"), widget=forms.Textarea)
    contract_url = forms.URLField(label=_("Link to the contract (optional)"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["country"]).choices = [("", "—"), *country_choices()]

    def clean_value_currency(self) -> str:
        return str(self.cleaned_data["value_currency"]).upper()


class InviteForm(GovukForm):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(
        label=_("Role"), choices=[(Membership.Role.MEMBER, _("Member")), (Membership.Role.OWNER, _("Owner"))]
    )


class DocumentForm(GovukForm):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=ComplianceDocument.Kind.choices)
    file = forms.FileField(label=_("File"), help_text=_("PDF, PNG or JPEG, up to 10 MB"))
    issued_on = forms.DateField(
        label=_("Issued on (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("We remind you before it expires"),
    )


class VerificationForm(GovukForm):
    status = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (Supplier.Verification.VERIFIED, _("Verify")),
            (Supplier.Verification.REJECTED, _("Reject")),
            (Supplier.Verification.SUSPENDED, _("Suspend")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required to reject or suspend; the supplier sees it"),
    )


class SanctionForm(GovukForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Sanction.Kind.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(
        label=_("Until (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ImportForm(GovukForm):
    file = forms.FileField(label=_("CSV or XLSX file"), help_text=_("Up to 10 MB; see the columns below"))
    mark_verified = forms.BooleanField(label=_("Mark the imported suppliers as verified"), required=False)
