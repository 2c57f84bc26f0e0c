"""Forms of the call pages: the call with its phases and criteria, amendments, questions and answers."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from govtech.core.forms import GovukForm
from procurement.calls.models import Call
from procurement.calls.requirements import FileKind, requirements_of
from procurement.forms import LANGUAGES, CodesMixin, datetime_field, join_list, split_list


class PhaseRow(forms.Form):
    """One phase of a pre-commercial procurement; a blank row is ignored."""

    name = forms.CharField(label=_("Phase"), required=False, max_length=120)
    budget = forms.DecimalField(label=_("Budget"), required=False, max_digits=14, decimal_places=2, min_value=0)
    suppliers = forms.IntegerField(label=_("Number of suppliers"), required=False, min_value=1)
    down_selection = forms.CharField(label=_("Down-selection"), required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = any(data.get(name) not in (None, "") for name in self.fields)
        if filled and not data.get("name"):
            self.add_error("name", _("Name the phase."))
        if filled and data.get("budget") is None:
            self.add_error("budget", _("Give the phase's budget."))
        if filled and data.get("suppliers") is None:
            self.add_error("suppliers", _("Say how many suppliers take part."))
        return data


class CriterionRow(forms.Form):
    """One evaluation criterion; a blank row is ignored."""

    name = forms.CharField(label=_("Criterion"), required=False, max_length=120)
    weight = forms.IntegerField(label=_("Weight"), required=False, min_value=1, max_value=100)
    description = forms.CharField(label=_("Description"), required=False, max_length=500)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = any(data.get(name) not in (None, "") for name in self.fields)
        if filled and not data.get("name"):
            self.add_error("name", _("Name the criterion."))
        if filled and data.get("weight") is None:
            self.add_error("weight", _("Give the criterion's weight."))
        return data


PhaseFormSet = forms.formset_factory(PhaseRow, extra=2, max_num=8, absolute_max=8)


CriterionFormSet = forms.formset_factory(CriterionRow, extra=2, max_num=10, absolute_max=10)


def phases_from(formset: Any) -> list[dict[str, Any]]:
    return [
        {
            "name": row["name"],
            "budget": str(row["budget"]),
            "suppliers": row["suppliers"],
            "down_selection": row.get("down_selection", ""),
        }
        for row in formset.cleaned_data
        if row and row.get("name")
    ]


def criteria_from(formset: Any) -> list[dict[str, Any]]:
    return [
        {"name": row["name"], "weight": row["weight"], "description": row.get("description", "")}
        for row in formset.cleaned_data
        if row and row.get("name")
    ]


class CallForm(CodesMixin, GovukForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    instrument = forms.ChoiceField(label=_("Instrument"), choices=Call.Instrument.choices)
    instrument_other = forms.CharField(
        label=_("Name of the other instrument"),
        required=False,
        max_length=120,
        help_text=_("Only when the instrument is “Other”."),
    )
    challenge = forms.TypedChoiceField(label=_("Challenge it answers"), required=False, coerce=int, empty_value=None)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 5}))
    budget = forms.DecimalField(label=_("Budget"), max_digits=14, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3, help_text=_("ISO 4217, e.g. COP, BRL, EUR."))
    duration_months = forms.IntegerField(label=_("Duration in months"), required=False, min_value=1, max_value=120)
    smes_only = forms.BooleanField(label=_("Only SMEs may apply"), required=False)
    startups_only = forms.BooleanField(label=_("Only startups may apply"), required=False)
    consortia_allowed = forms.BooleanField(label=_("Consortia may apply"), required=False, initial=True)
    verified_suppliers_only = forms.BooleanField(label=_("Only verified suppliers may apply"), required=False)
    eligible_countries = forms.CharField(
        label=_("Countries whose suppliers may apply"),
        required=False,
        help_text=_("ISO codes separated by commas; leave blank for any country."),
    )
    publication_date = datetime_field(_("Publication date"), required=False)
    questions_deadline = datetime_field(_("Questions deadline"))
    submission_deadline = datetime_field(_("Submission deadline"))
    expected_decision = datetime_field(_("Expected decision"), required=False)
    language = forms.ChoiceField(label=_("Language of the call"), choices=LANGUAGES)
    require_criteria = forms.BooleanField(
        label=_("Applications must answer each evaluation criterion"), required=False, initial=True
    )
    require_price = forms.BooleanField(label=_("Applications must give a total price"), required=False, initial=True)
    require_team = forms.BooleanField(label=_("Applications must describe the team"), required=False)
    require_plan = forms.BooleanField(label=_("Applications must include a work plan"), required=False)
    required_files = forms.MultipleChoiceField(
        label=_("Files every application must attach"),
        choices=FileKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("A title and the proposed solution are always required."),
    )

    field_order = [
        "title",
        "instrument",
        "instrument_other",
        "challenge",
        "summary",
        "budget",
        "currency",
        "duration_months",
        "sectors",
        "technologies",
        "cpv_codes",
        "regions",
        "smes_only",
        "startups_only",
        "consortia_allowed",
        "verified_suppliers_only",
        "eligible_countries",
        "publication_date",
        "questions_deadline",
        "submission_deadline",
        "expected_decision",
        "language",
        "require_criteria",
        "require_price",
        "require_team",
        "require_plan",
        "required_files",
    ]
    REQUIREMENT_FIELDS = {
        "criteria": "require_criteria",
        "price": "require_price",
        "team": "require_team",
        "plan": "require_plan",
    }
    DATE_FIELDS = ("publication_date", "questions_deadline", "submission_deadline", "expected_decision")

    def __init__(self, *args: Any, challenges: Any = (), zone: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["challenge"].choices = [("", _("None: a standing call"))] + [  # type: ignore[attr-defined]
            (c.pk, c.title) for c in challenges
        ]
        for name in self.DATE_FIELDS:
            self.fields[name].help_text = _("Time in %(zone)s.") % {"zone": zone}

    def clean_currency(self) -> str:
        return str(self.cleaned_data["currency"]).strip().upper()

    def clean_eligible_countries(self) -> list[str]:
        return [code.upper() for code in split_list(self.cleaned_data["eligible_countries"])]

    @classmethod
    def initial_from(cls, call: Call) -> dict[str, Any]:
        plain = [
            "title",
            "instrument",
            "instrument_other",
            "summary",
            "budget",
            "currency",
            "duration_months",
            "smes_only",
            "startups_only",
            "consortia_allowed",
            "verified_suppliers_only",
            "language",
            *cls.DATE_FIELDS,
        ]
        return (
            {name: getattr(call, name) for name in plain}
            | cls.codes_initial(call)
            | {"challenge": call.challenge_id, "eligible_countries": join_list(call.eligible_countries)}
            | cls.requirements_initial(call)
        )

    @classmethod
    def requirements_initial(cls, call: Call) -> dict[str, Any]:
        req = requirements_of(call)
        return {field: req[part] for part, field in cls.REQUIREMENT_FIELDS.items()} | {"required_files": req["files"]}

    def to_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("challenge", None)
        requirements: dict[str, Any] = {
            part: bool(data.pop(field, False)) for part, field in self.REQUIREMENT_FIELDS.items()
        }
        requirements["files"] = list(data.pop("required_files", None) or [])
        data["requirements"] = requirements
        return data


class AmendForm(GovukForm):
    """Change the dates of a published call and/or add or replace a document, saying why."""

    reason = forms.CharField(
        label=_("Reason for the amendment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Published on the call's page."),
    )
    questions_deadline = datetime_field(_("Questions deadline"), required=False)
    submission_deadline = datetime_field(_("Submission deadline"), required=False)
    expected_decision = datetime_field(_("Expected decision"), required=False)
    document_title = forms.CharField(label=_("Title of the new document"), required=False, max_length=200)
    document = forms.FileField(
        label=_("New document"), required=False, help_text=_("PDF, ODT/ODS, DOCX/XLSX or an image; up to 20 MB.")
    )
    replaces = forms.TypedChoiceField(label=_("It replaces"), required=False, coerce=int, empty_value=None)

    DATE_FIELDS = ("questions_deadline", "submission_deadline", "expected_decision")

    def __init__(self, *args: Any, call: Call, zone: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.call = call
        self.fields["replaces"].choices = [("", _("Nothing: it is an additional document"))] + [  # type: ignore[attr-defined]
            (d.pk, d.title) for d in call.documents.filter(replaced_by__isnull=True)
        ]
        for name in self.DATE_FIELDS:
            self.fields[name].help_text = _("Time in %(zone)s.") % {"zone": zone}

    def changes(self) -> dict[str, datetime.datetime]:
        """Only the dates that actually change (the form shows minutes, so seconds are not a change)."""
        changed = {}
        for name in self.DATE_FIELDS:
            value, current = self.cleaned_data.get(name), getattr(self.call, name)
            if value and (current is None or abs(value - current) >= datetime.timedelta(minutes=1)):
                changed[name] = value
        return changed

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("replaces") and not data.get("document"):
            self.add_error("document", _("Choose the file that replaces the document."))
        return data


class AnswerForm(GovukForm):
    answer = forms.CharField(label=_("Answer, or why it is out of scope"), widget=forms.Textarea(attrs={"rows": 3}))


class QuestionForm(GovukForm):
    text = forms.CharField(
        label=_("Your question"),
        help_text=_("It is published with its answer; your organisation's name is not."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
