from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from govtech.tokens.models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What this token is for, e.g. “regional portal sync”.")
    )
    scope = forms.ChoiceField(
        label=_("Access"), choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ, widget=forms.RadioSelect
    )
    expires_at = forms.DateField(
        label=_("Expires on"),
        required=False,
        help_text=_("For example 31/12/2027. Leave empty for no expiry."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
