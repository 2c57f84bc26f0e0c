"""GOV.UK Frontend markup for Django form fields: label, hint and error tied to the input."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

register = template.Library()

_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.FileInput: "govuk-file-upload",
    forms.ClearableFileInput: "govuk-file-upload",
}


def _kind(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    return "input"


@register.simple_tag
def govuk_field(field: forms.BoundField, **extra: Any) -> SafeString:
    widget = field.field.widget
    css = next((c for w, c in _CLASSES.items() if type(widget) is w), "govuk-input")
    if field.errors and css in {"govuk-input", "govuk-textarea", "govuk-select", "govuk-file-upload"}:
        css += f" {css}--error"
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    attrs: dict[str, Any] = {"class": f"{css} {extra.get('css', '')}".strip()}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    kind = _kind(widget)
    widget_html = field.as_widget(attrs=attrs) if kind in {"input", "checkbox"} else ""
    return render_to_string(
        "includes/govuk_field.html",
        {
            "field": field,
            "widget_html": widget_html,
            "kind": kind,
            "describedby": " ".join(described),
            # a part that a later step requires (aria-required, "(required)" in its label) is not "(optional)",
            # even where the form itself accepts it empty (a draft saved without it)
            "optional": not field.field.required and widget.attrs.get("aria-required") != "true",
        },
    )


@register.simple_tag
def govuk_error_summary(form: forms.BaseForm) -> SafeString:
    return render_to_string("includes/govuk_error_summary.html", {"form": form})


@register.simple_tag
def field_error(field: forms.BoundField, error: object) -> str:
    """An error summary's line names its field: "Title: This field is required." (unless the message already does)."""
    label = str(field.label or "").strip().rstrip(":")
    text = str(error)
    if not label or text.casefold().startswith(label.casefold()):
        return text
    return f"{label}: {text}"
