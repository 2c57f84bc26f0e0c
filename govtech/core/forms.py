"""The base of every form: GOV.UK Frontend classes, error states and service errors."""

from __future__ import annotations

from typing import Any

from django import forms

from govtech.core.errors import ApplicationError
from govtech.core.widgets import FastSelect

GOVUK_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    FastSelect: "govuk-select",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
}


class GovukForm(forms.Form):
    """Adds GOV.UK Frontend classes and error state to every widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if type(widget) is forms.Select:  # the same markup, without a template per option
                fast = FastSelect(attrs=widget.attrs, choices=widget.choices)
                fast.is_required = widget.is_required
                field.widget = widget = fast
            css = next((c for t, c in GOVUK_CLASSES.items() if type(widget) is t), "govuk-input")
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
            if field.help_text:
                widget.attrs["aria-describedby"] = f"{name}-hint"

    def full_clean(self) -> None:
        super().full_clean()
        self._mark_errors()

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        self._mark_errors()

    def _mark_errors(self) -> None:
        """Error styling and ``aria-describedby`` for the fields that have errors."""
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            classes = widget.attrs.get("class", "")
            for base in ("govuk-input", "govuk-select", "govuk-textarea", "govuk-file-upload"):
                if base in classes.split() and f"{base}--error" not in classes:
                    widget.attrs["class"] = f"{classes} {base}--error"
            described = widget.attrs.get("aria-describedby", "")
            if f"{name}-error" not in described:
                widget.attrs["aria-describedby"] = f"{described} {name}-error".strip()

    def add_application_error(self, exc: ApplicationError) -> None:
        """Show a service's refusal next to the field it names (or at the top)."""
        field = exc.field if exc.field in self.fields else None
        self.add_error(field, exc.message)
