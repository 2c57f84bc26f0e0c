from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from govtech.accounts.models import User


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
