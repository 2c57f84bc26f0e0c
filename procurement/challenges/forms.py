"""The challenge form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from govtech.core.forms import GovukForm
from procurement.challenges.models import Challenge
from procurement.forms import LANGUAGES, CodesMixin


class ChallengeForm(CodesMixin, GovukForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    problem = forms.CharField(label=_("The problem and its context"), widget=forms.Textarea(attrs={"rows": 6}))
    affected = forms.CharField(
        label=_("Who suffers it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The users and citizens affected, and how many."),
    )
    current_situation = forms.CharField(
        label=_("Current situation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    expected_outcomes = forms.CharField(
        label=_("Expected outcomes and indicators"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What should change, and how it will be measured."),
    )
    constraints = forms.CharField(
        label=_("Constraints (data, regulation, integration)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    budget = forms.DecimalField(label=_("Indicative budget"), required=False, max_digits=14, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), required=False, max_length=3, help_text=_("ISO 4217, e.g. COP."))
    timeline = forms.CharField(label=_("Timeline"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    language = forms.ChoiceField(label=_("Language of the challenge"), choices=LANGUAGES)

    field_order = [
        "title",
        "problem",
        "affected",
        "current_situation",
        "expected_outcomes",
        "constraints",
        "sectors",
        "technologies",
        "cpv_codes",
        "regions",
        "budget",
        "currency",
        "timeline",
        "contact_email",
        "language",
    ]

    def clean_currency(self) -> str:
        return str(self.cleaned_data["currency"]).strip().upper()

    @classmethod
    def initial_from(cls, challenge: Challenge) -> dict[str, Any]:
        plain = [
            "title",
            "problem",
            "affected",
            "current_situation",
            "expected_outcomes",
            "constraints",
            "budget",
            "currency",
            "timeline",
            "contact_email",
            "language",
        ]
        return {name: getattr(challenge, name) for name in plain} | cls.codes_initial(challenge)

    def to_service(self) -> dict[str, Any]:
        return dict(self.cleaned_data)
