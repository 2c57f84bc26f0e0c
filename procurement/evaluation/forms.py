"""Evaluation forms: they shape input; the rules live in ``procurement.evaluation.services``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from govtech.core.forms import GovukForm
from procurement.calls.criteria import criterion_label


class PanelSettingsForm(GovukForm):
    scale_max = forms.IntegerField(
        label=_("Highest score per criterion"),
        min_value=1,
        max_value=100,
        help_text=_("Each criterion is scored from 0 to this number."),
    )
    disagreement_threshold = forms.DecimalField(
        label=_("Flag a disagreement when scores differ by more than"),
        min_value=Decimal(0),
        max_digits=5,
        decimal_places=2,
    )
    blind_first_round = forms.BooleanField(
        label=_("Blind first round: hide applicant names from evaluators until every score is in"), required=False
    )


class MemberAddForm(GovukForm):
    user = forms.TypedChoiceField(
        label=_("Evaluator"),
        coerce=int,
        help_text=_(
            "Active evaluators of this public body. Give someone the evaluator role on the members page first."
        ),
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", _("Choose an evaluator")), *choices]  # type: ignore[attr-defined]


class ReasonForm(GovukForm):
    reason = forms.CharField(label=_("Reason"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class DeclarationForm(GovukForm):
    NO_CONFLICT, CONFLICT = "no_conflict", "conflict"
    decision = forms.ChoiceField(
        label=_("Your declaration"),
        choices=[
            (NO_CONFLICT, _("I have no conflict of interest with this applicant")),
            (CONFLICT, _("I have a conflict of interest and recuse myself")),
        ],
        widget=forms.RadioSelect,
    )
    statement = forms.CharField(
        label=_("Statement"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you recuse yourself: what the conflict is."),
    )

    @property
    def conflict(self) -> bool:
        return self.cleaned_data["decision"] == self.CONFLICT


class ScoreForm(GovukForm):
    """One score and one justification per criterion of the call (``score_<n>``, ``justification_<n>``). A pair
    left blank is not saved; half a pair is an error."""

    def __init__(self, *args: Any, criteria: list[dict[str, Any]], scale_max: int, **kwargs: Any) -> None:
        self.criteria = criteria
        super_fields: dict[str, forms.Field] = {}
        for n, criterion in enumerate(criteria):
            super_fields[f"score_{n}"] = forms.DecimalField(
                label=_("Score for “%(name)s” (0 to %(max)s)")
                % {"name": criterion_label(criterion["name"]), "max": scale_max},
                required=False,
                min_value=Decimal(0),
                max_value=Decimal(scale_max),
                max_digits=5,
                decimal_places=2,
            )
            super_fields[f"justification_{n}"] = forms.CharField(
                label=_("Justification for “%(name)s”") % {"name": criterion_label(criterion["name"])},
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        super().__init__(*args, **kwargs)
        self.fields.update(super_fields)

    def pairs(self) -> list[tuple[dict[str, Any], Any, Any]]:
        """(criterion, score field, justification field) for the template."""
        return [(c, self[f"score_{n}"], self[f"justification_{n}"]) for n, c in enumerate(self.criteria)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(len(self.criteria)):
            score, text = data.get(f"score_{n}"), (data.get(f"justification_{n}") or "").strip()
            if score is None and text and f"score_{n}" not in self.errors:
                self.add_error(f"score_{n}", _("Give a score, or clear the justification."))
            if score is not None and not text:
                self.add_error(f"justification_{n}", _("Justify the score."))
        return data

    def filled(self) -> list[tuple[str, Decimal, str]]:
        """(criterion name, score, justification) for every pair filled in."""
        out = []
        for n, criterion in enumerate(self.criteria):
            score = self.cleaned_data.get(f"score_{n}")
            if score is not None:
                out.append((str(criterion["name"]), score, self.cleaned_data[f"justification_{n}"].strip()))
        return out
