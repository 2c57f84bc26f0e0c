"""Officer forms: challenges, calls (phases and criteria as rows that work without JavaScript), amendments, files.

Forms only shape input; the rules live in ``procurement.validation`` and the services, whose ``ApplicationError``
is shown next to the field it names.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from govtech.core.forms import GovukForm
from procurement.calls.models import Call
from procurement.challenges.models import Challenge
from procurement.validation import normalise_cpv
from startups import selectors as registry

LANGUAGES = [("es", _("Spanish")), ("pt", _("Portuguese")), ("en", _("English"))]


DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def split_list(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", ",").replace("\n", ",").split(",") if part.strip()]


def join_list(values: list[str] | None) -> str:
    return ", ".join(values or [])


def datetime_field(label: Any, required: bool = True, help_text: Any = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )


class CodesMixin(forms.Form):
    """Sectors and technologies from the registry's tables; CPV codes and regions typed as lists."""

    sectors = forms.MultipleChoiceField(label=_("Sectors"), required=False, widget=forms.CheckboxSelectMultiple)
    technologies = forms.MultipleChoiceField(
        label=_("Technologies sought"), required=False, widget=forms.CheckboxSelectMultiple
    )
    cpv_codes = forms.CharField(
        label=_("CPV codes"), required=False, help_text=_("Separate codes with commas, for example 72000000, 48000000.")
    )
    regions = forms.CharField(
        label=_("Regions"), required=False, help_text=_("ISO codes of countries or regions, for example CO, CO-DC.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sectors"].choices = [(s.slug, s.name) for s in registry.sectors()]  # type: ignore[attr-defined]
        self.fields["technologies"].choices = [  # type: ignore[attr-defined]
            (t.slug, t.name) for t in registry.technologies()
        ]

    def clean_cpv_codes(self) -> list[str]:
        return [normalise_cpv(code) for code in split_list(self.cleaned_data["cpv_codes"])]

    def clean_regions(self) -> list[str]:
        return [code.upper() for code in split_list(self.cleaned_data["regions"])]

    @staticmethod
    def codes_initial(obj: Challenge | Call) -> dict[str, Any]:
        return {
            "sectors": list(obj.sectors),
            "technologies": list(obj.technologies),
            "cpv_codes": join_list(obj.cpv_codes),
            "regions": join_list(obj.regions),
        }


class FileForm(GovukForm):
    title = forms.CharField(label=_("Title of the document"), max_length=200, required=False)
    file = forms.FileField(label=_("File"), help_text=_("PDF, ODT/ODS, DOCX/XLSX or an image; up to 20 MB."))


class ReasonForm(GovukForm):
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
