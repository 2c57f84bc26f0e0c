"""The portal's form renderer (plain inputs, textareas, radio and checkbox options) and ``FastSelect`` write HTML in
Python (#19): the markup must be exactly what Django's own templates write, for every kind of value, attribute and
escaping."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from govtech.core.widgets import FastFormRenderer, FastSelect

ATTRS: list[dict[str, Any]] = [
    {},
    {"class": "govuk-input", "id": "id_q", "required": True, "disabled": False},
    {"aria-describedby": "q-hint q-error", "placeholder": 'say "hi" <b> & go', "maxlength": 200, "none": None},
    {"data-safe": mark_safe("<i>kept</i>"), "title": gettext_lazy("Search"), "step": Decimal("0.01")},
]
VALUES: list[Any] = [
    None,
    "",
    "plain",
    "<script>alert(\"x\")</script> & 'quotes'",
    mark_safe("<b>safe</b>"),
    0,
    12,
    Decimal("1234.50"),
    datetime.date(2026, 12, 7),
    "línea 1\nlínea 2  ",
    True,
    False,
]
WIDGETS: list[forms.Widget] = [
    forms.TextInput(),
    forms.NumberInput(),
    forms.EmailInput(),
    forms.URLInput(),
    forms.PasswordInput(render_value=True),
    forms.HiddenInput(),
    forms.DateInput(attrs={"type": "date"}),
    forms.TimeInput(),
    forms.DateTimeInput(),
    forms.CheckboxInput(),
    forms.Textarea(attrs={"rows": 3}),
]


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
def test_inputs_and_textareas_are_written_as_djangos_templates_write_them(widget: forms.Widget) -> None:
    fast, templates = FastFormRenderer(), DjangoTemplates()
    for attrs in ATTRS:
        for value in VALUES:
            for language in ("es", "en"):
                with override(language):
                    mine = widget.render("q", value, attrs=attrs, renderer=fast)
                    django = widget.render("q", value, attrs=attrs, renderer=templates)
                assert mine == django, (type(widget).__name__, attrs, value)


@pytest.mark.parametrize(
    "widget", [forms.RadioSelect(), forms.CheckboxSelectMultiple()], ids=lambda w: type(w).__name__
)
def test_options_of_radios_and_checkbox_lists_are_the_same(widget: forms.Widget) -> None:
    widget.choices = [("a", "Uno"), ("b", '<b>"dos"</b>'), ("", "Ninguno")]
    for value in (None, "a", ["a", "b"], ""):
        bound: list[Any] = []
        for renderer in (FastFormRenderer(), DjangoTemplates()):
            context = widget.get_context("size", value, {"id": "id_size", "class": "govuk-radios__input"})
            options = [
                forms.boundfield.BoundWidget(widget, option, renderer)
                for group in context["widget"]["optgroups"]
                for option in group[1]
            ]
            bound.append(([o.tag() for o in options], [o.tag(wrap_label=True) for o in options]))
            bound.append(widget.render("size", value, attrs={"id": "id_size"}, renderer=renderer))
        assert bound[0] == bound[2], value  # each option alone (as the GOV.UK fields write them) and labelled
        assert bound[1] == bound[3], value  # the whole list


SELECT_CHOICES = [
    ("", "Any"),
    ("a", "Alpha & <b>bold</b>"),
    ("Group", [("g1", "One"), ("g2", 'Two "quoted"')]),
    (3, "Three"),
]


def _normal(html: str) -> str:
    return re.sub(r"\s+", " ", html).replace("> <", "><").strip()


@pytest.mark.parametrize("value", [None, "a", "g2", "3", "missing"])
@pytest.mark.parametrize("attrs", ATTRS, ids=range(len(ATTRS)))
def test_fast_select_writes_the_same_markup_as_django(value: Any, attrs: dict[str, Any]) -> None:
    attrs = {"class": "govuk-select", "aria-describedby": "x-hint", **attrs}
    slow = forms.Select(attrs=attrs, choices=SELECT_CHOICES).render("x", value, attrs={"id": "id_x"})
    fast = FastSelect(attrs=attrs, choices=SELECT_CHOICES).render("x", value, attrs={"id": "id_x"})
    assert _normal(fast) == _normal(slow)
    assert "<b>" not in fast  # labels are escaped


def test_forms_use_it() -> None:
    class Search(forms.Form):
        q = forms.CharField()

    assert isinstance(Search().renderer, FastFormRenderer)
