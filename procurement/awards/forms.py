"""Forms of the award pages. They only read input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from govtech.core.forms import GovukForm
from procurement.applications.models import Application
from procurement.awards.models import Decision, Milestone
from procurement.awards.services import MAX_COMPLAINT_FILES, AwardLine


class DecisionForm(GovukForm):
    """The outcome, the justification, and for each candidate: award it? amount and currency."""

    outcome = forms.ChoiceField(label=_("Decision"), choices=Decision.Outcome.choices, widget=forms.RadioSelect)
    justification = forms.CharField(
        label=_("Justification"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )
    budget_exception = forms.CharField(
        label=_("Budget exception (published)"),
        help_text=_("Only when the awards exceed the budget or are in another currency: say why."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )
    declaration = forms.BooleanField(
        label=_("I sign this conflict-of-interest declaration"),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        candidates: list[Application],
        currency: str,
        shown: list[Application] | None = None,
        **kwargs: Any,
    ) -> None:
        """``shown``: the candidates whose award fields a page shows (all by default); a bound form always has
        every candidate's, so any of them can be awarded."""
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        self.shown = candidates if shown is None or self.is_bound else shown
        for application in self.shown:
            name = application.supplier.name
            self.fields[f"award_{application.pk}"] = forms.BooleanField(
                label=_("Award %(who)s") % {"who": name}, required=False
            )
            self.fields[f"amount_{application.pk}"] = forms.DecimalField(
                label=_("Amount for %(who)s") % {"who": name}, required=False, max_digits=14, decimal_places=2
            )
            self.fields[f"currency_{application.pk}"] = forms.CharField(
                label=_("Currency for %(who)s") % {"who": name}, required=False, max_length=3, initial=currency
            )
        for name, field in self.fields.items():
            if name.startswith(("award_", "amount_", "currency_")) and "class" not in field.widget.attrs:
                field.widget.attrs["class"] = (
                    "govuk-checkboxes__input" if name.startswith("award_") else "govuk-input govuk-input--width-10"
                )

    def rows(self) -> list[tuple[Application, Any, Any, Any]]:
        return [(a, self[f"award_{a.pk}"], self[f"amount_{a.pk}"], self[f"currency_{a.pk}"]) for a in self.shown]

    def lines(self) -> list[AwardLine]:
        data = self.cleaned_data
        lines = []
        for application in self.candidates:
            if data.get(f"award_{application.pk}"):
                amount = data.get(f"amount_{application.pk}")
                if amount is None:
                    self.add_error(f"amount_{application.pk}", _("Give the amount awarded."))
                    continue
                lines.append(AwardLine(application.pk, amount, data.get(f"currency_{application.pk}") or ""))
        return lines


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ComplaintForm(GovukForm):
    grounds = forms.CharField(
        label=_("Grounds of the complaint"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000
    )
    documents = MultipleFileField(
        label=_("Supporting documents"),
        required=False,
        help_text=_("Up to %(n)s files: PDF, ODF, DOCX, XLSX or images.") % {"n": MAX_COMPLAINT_FILES},
    )


class ComplaintAnswerForm(GovukForm):
    answer = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            ("reject", _("Reject the complaint")),
            ("uphold", _("Uphold it: annul the decision and re-open the evaluation")),
        ],
        widget=forms.RadioSelect,
    )
    response = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000)
    declaration = forms.BooleanField(
        label=_("I sign this conflict-of-interest declaration"),
        required=False,
    )


class ContractForm(GovukForm):
    signed_on = forms.DateField(
        label=_("Date of signature"),
        required=False,
        help_text=_("Leave empty for today."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class MilestoneForm(GovukForm):
    name = forms.CharField(label=_("Milestone"), max_length=200)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))


class MilestoneStatusForm(GovukForm):
    status = forms.ChoiceField(label=_("Status"), choices=Milestone.Status.choices)
