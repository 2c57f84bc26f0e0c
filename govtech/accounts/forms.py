from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from govtech.accounts.models import LegalText, User
from govtech.accounts.selectors import current_legal_texts
from govtech.accounts.services import legal_texts_accept


class AccountDeleteForm(forms.Form):
    """Confirms an account deletion: a ticked box, and the password when the account has one."""

    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        required=False,
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account will be deleted and that this cannot be undone"),
        required=True,
        error_messages={"required": _("Tick the box to confirm that you want to delete your account.")},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            self.fields["password"].required = True
            self.fields["password"].error_messages["required"] = _("Enter your password.")
        else:
            del self.fields["password"]

    def clean_password(self) -> str:
        password = self.cleaned_data.get("password", "")
        if password and not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


def _read_link(text: LegalText | None, label: str) -> str:
    if text is None:
        return ""
    url = reverse("accounts:legal_text", kwargs={"kind": text.kind})
    return format_html('<a class="govuk-link" href="{}" target="_blank" rel="noopener">{}</a>', url, label)


class SignupForm(forms.Form):
    """The fields the portal adds to allauth's sign-up form (``ACCOUNT_SIGNUP_FORM_CLASS``): the person's name, the
    acceptance of the terms of use and the consent to the processing of personal data, in the versions in force."""

    # allauth orders the sign-up form's fields by this: who you are, how you sign in, then what you accept
    field_order = ["full_name", "email", "password1", "password2", "accept_terms", "consent_privacy"]

    full_name = forms.CharField(
        label=_("Your full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your full name.")},
    )
    accept_terms = forms.BooleanField(
        label=_("I accept the terms of use"),
        error_messages={"required": _("Accept the terms of use to create an account.")},
    )
    consent_privacy = forms.BooleanField(
        label=_("I consent to the processing of my personal data as the privacy notice describes"),
        error_messages={
            "required": _("Give your consent to the processing of your personal data to create an account.")
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.legal_texts = current_legal_texts()
        terms = self.legal_texts.get(LegalText.Kind.TERMS)
        privacy = self.legal_texts.get(LegalText.Kind.PRIVACY)
        if terms is None:
            del self.fields["accept_terms"]
        else:
            self.fields["accept_terms"].help_text = _read_link(
                terms, str(_("Read the terms of use (opens in a new tab)"))
            )
        if privacy is None:
            del self.fields["consent_privacy"]
        else:
            self.fields["consent_privacy"].help_text = _read_link(
                privacy,
                str(
                    _(
                        "Read the privacy notice (opens in a new tab): what we hold, why, for how long, and your "
                        "rights (Colombia Ley 1581 de 2012, Brazil LGPD, Chile, Mexico)"
                    )
                ),
            )

    def signup(self, request: HttpRequest, user: User) -> None:
        """Called by allauth once the user is saved."""
        user.full_name = self.cleaned_data["full_name"].strip()
        user.save(update_fields=["full_name"])
        legal_texts_accept(user=user, texts=list(self.legal_texts.values()))


class LegalAcceptForm(forms.Form):
    """The acceptance page at sign-in: one box per text in force the person has not accepted yet."""

    def __init__(self, *args: Any, texts: list[LegalText], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.texts = texts
        for text in texts:
            if text.kind == LegalText.Kind.TERMS:
                label = _("I accept the terms of use (version %(version)s)") % {"version": text.version}
                required = _("Accept the terms of use to continue.")
            else:
                label = _(
                    "I consent to the processing of my personal data as the privacy notice describes "
                    "(version %(version)s)"
                ) % {"version": text.version}
                required = _("Give your consent to the processing of your personal data to continue.")
            self.fields[f"accept_{text.kind}"] = forms.BooleanField(label=label, error_messages={"required": required})
