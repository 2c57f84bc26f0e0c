"""Forms of the public-body pages."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from govtech.core.forms import GovukForm
from procurement.bodies.models import PublicBody
from procurement.bodies.services import BODY_ROLES


def _timezones() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name]


class ProposeBodyForm(GovukForm):
    name = forms.CharField(label=_("Name of the public body"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=PublicBody.BodyKind.choices)
    level = forms.ChoiceField(label=_("Level of government"), choices=PublicBody.Level.choices)
    country = forms.CharField(label=_("Country"), max_length=2, help_text=_("Two-letter ISO code, like CO or BR."))
    subdivision = forms.CharField(
        label=_("Subdivision"), max_length=6, required=False, help_text=_("ISO 3166-2 code, like CO-DC or BR-SP.")
    )
    parent = forms.ModelChoiceField(
        label=_("Parent body"), queryset=PublicBody.objects.none(), required=False, empty_label=_("None")
    )
    identifier_scheme = forms.CharField(
        label=_("Identifier scheme"), max_length=20, required=False, help_text=_("An org-id.guide scheme, like CO-NIT.")
    )
    identifier = forms.CharField(label=_("Identifier"), max_length=60, required=False)
    email_domains = forms.CharField(
        label=_("Official e-mail domains"),
        max_length=600,
        help_text=_("One or more, separated by commas or spaces, like movilidad.gov.co."),
    )
    timezone_name = forms.ChoiceField(label=_("Time zone"), choices=_timezones, initial="America/Bogota")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)
        parent.queryset = PublicBody.objects.verified().select_related("organisation")

    def clean_country(self) -> str:
        return str(self.cleaned_data["country"]).strip().upper()

    def clean_email_domains(self) -> list[str]:
        raw = str(self.cleaned_data["email_domains"]).replace(",", " ").split()
        return [d for d in raw if d]


class InviteBodyForm(GovukForm):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(
        label=_("Role"), choices=[(r.value, r.label) for r in BODY_ROLES], widget=forms.RadioSelect, initial="officer"
    )


class RejectBodyForm(GovukForm):
    reason = forms.CharField(
        label=_("Reason for the rejection"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class LogoForm(GovukForm):
    logo = forms.FileField(label=_("Logo"), help_text=_("PNG, JPEG or WebP, up to 2 MB."))


class DirectoryFilterForm(forms.Form):
    country = forms.CharField(label=_("Country"), max_length=2, required=False)
    level = forms.ChoiceField(label=_("Level"), choices=[("", _("Any")), *PublicBody.Level.choices], required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Any")), *PublicBody.BodyKind.choices], required=False)
