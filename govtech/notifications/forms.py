"""HTML forms of the notifications pages (input only: the services do the work)."""

from __future__ import annotations

import json
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from govtech.accounts.models import Membership, Organisation
from govtech.accounts.roles import Actor, person
from govtech.notifications.kinds import PREFERENCE_KINDS
from govtech.notifications.models import SavedSearch
from govtech.notifications.selectors import EMAIL_CHOICES, INBOX_CHOICES


class PreferencesForm(forms.Form):
    """One e-mail and one inbox choice per kind of event: fields ``<kind>__email``, ``<kind>__inbox``."""

    def __init__(self, *args: Any, grid: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.grid = grid
        for line in grid:
            self.fields[f"{line['kind']}__email"] = forms.ChoiceField(
                label=_("E-mail: %(kind)s") % {"kind": line["label"]}, choices=EMAIL_CHOICES, initial=line["email"]
            )
            self.fields[f"{line['kind']}__inbox"] = forms.ChoiceField(
                label=_("Inbox: %(kind)s") % {"kind": line["label"]}, choices=INBOX_CHOICES, initial=line["inbox"]
            )

    def rows(self) -> list[dict[str, Any]]:
        """Per kind: its name and its two choices, each with the short label shown beside it (the kind's
        fieldset names the rest; the field's own label, "E-mail: <kind>", stays for the error summary)."""
        return [
            {
                "label": line["label"],
                "fields": [self[f"{line['kind']}__email"], self[f"{line['kind']}__inbox"]],
                "choices": [
                    {"label": _("E-mail"), "field": self[f"{line['kind']}__email"]},
                    {"label": _("Inbox"), "field": self[f"{line['kind']}__inbox"]},
                ],
            }
            for line in self.grid
        ]

    def choices(self) -> dict[tuple[str, str], str]:
        return {
            (str(kind), channel): self.cleaned_data[f"{kind}__{channel}"]
            for kind in PREFERENCE_KINDS
            for channel in ("email", "inbox")
        }


OWNER_ME = "me"


class WebhookForm(forms.Form):
    target_url = forms.CharField(
        label=_("Target URL"),
        max_length=500,
        help_text=_("We send a signed POST request with a JSON body to this address (https:// recommended)."),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Events"), choices=[(str(k), k.label) for k in PREFERENCE_KINDS], widget=forms.CheckboxSelectMultiple
    )
    owner = forms.ChoiceField(label=_("Owned by"), help_text=_("An organisation's webhooks outlive its people."))

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owned = Organisation.objects.filter(
            memberships__user=person(user),
            memberships__status=Membership.Status.ACTIVE,
            memberships__role=Membership.Role.OWNER,
        ).distinct()
        self.organisations = {str(org.pk): org for org in owned}
        owner = cast(forms.ChoiceField, self.fields["owner"])
        owner.choices = [(OWNER_ME, _("Me"))] + [(pk, org.name) for pk, org in self.organisations.items()]
        owner.initial = OWNER_ME

    def organisation(self) -> Organisation | None:
        return self.organisations.get(self.cleaned_data["owner"])


class SavedSearchForm(forms.Form):
    """Posted by a search page's "Save this search" button: scope and parameters come hidden."""

    scope = forms.CharField(max_length=64, widget=forms.HiddenInput)
    params = forms.CharField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Name of the search"), max_length=200)
    frequency = forms.ChoiceField(label=_("Alert me"), choices=SavedSearch.Frequency.choices)

    def clean_params(self) -> dict[str, Any]:
        raw = self.cleaned_data.get("params") or "{}"
        try:
            value = json.loads(raw)
        except ValueError as exc:
            raise forms.ValidationError(_("The search parameters are not valid.")) from exc
        if not isinstance(value, dict):
            raise forms.ValidationError(_("The search parameters are not valid."))
        return value
