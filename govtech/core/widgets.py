"""Form widgets that stay fast on long lists.

Django renders a ``<select>`` through one template per option: about 80 µs each, so the
opportunities filter's 2,000 public bodies cost ~200 ms a page. ``FastSelect`` writes the same
HTML in Python (about 1 µs an option), and with ``cache=<fragment name>`` keeps the options'
HTML in the fragment cache (``govtech.core.fragments``) until that fragment is invalidated, so a
page only marks the selected option. Without a fragment name the options' HTML is kept in the
process, keyed by the choices themselves (values and labels, in the current language), so a list
that changed is written anew. ``GovukForm`` uses it for every plain ``Select``.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from govtech.core import fragments


def _attrs(attrs: dict[str, Any]) -> str:
    """Exactly Django's ``attrs.html``: ``False`` drops an attribute, ``True`` writes it bare, anything else
    (``None`` included) is written as text, escaped unless already safe."""
    return "".join(
        (
            f" {conditional_escape(name)}"
            if value is True
            else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        )
        for name, value in attrs.items()
        if value is not False
    )


# The options' HTML of the selects rendered lately, by (field name, language, choices): escaping a country
# list's 250 labels on every search page cost a tenth of the page (#19).
_MEMO: OrderedDict[tuple[Any, ...], str] = OrderedDict()
_MEMO_SIZE = 256


def _choices_key(choices: Any) -> tuple[tuple[str, Any], ...]:
    """The choices as plain strings (lazy labels translated), nested groups included: what the HTML depends on."""
    out: list[tuple[str, Any]] = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            out.append((str(value), tuple((str(v), str(lb)) for v, lb in label)))
        else:
            out.append(("" if value is None else str(value), str(label)))
    return tuple(out)


def _option(value: Any, label: Any, selected: bool) -> str:
    value = "" if value is None else value
    mark = " selected" if selected else ""
    return f'\n  <option value="{conditional_escape(str(value))}"{mark}>{conditional_escape(label)}</option>'


class FastSelect(forms.Select):
    """``forms.Select`` with the same markup, rendered without a template per option.

    ``cache``: the name of a fragment (see ``govtech.core.fragments``) whose invalidation covers
    the choices; the options are then cached per field name, language and ``scope`` (which tells apart two
    forms' fields of the same name under one fragment), and the choices are not read at all (a model choice
    field's query is not run) while the fragment holds. ``static``: the choices depend on the language only
    (countries): their options are kept in the process by field name, language and ``scope``, without reading
    the choices on each page to compare them.
    """

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        choices: Any = (),
        *,
        cache: str = "",
        scope: str = "",
        static: bool = False,
    ) -> None:
        super().__init__(attrs, choices)
        self.cache = cache
        self.scope = scope
        self.static = static

    def _options(self, selected: set[str], choices: Any = None) -> str:
        parts: list[str] = []
        found = False
        for value, label in self.choices if choices is None else choices:
            if isinstance(label, (list, tuple)):
                parts.append(f'\n  <optgroup label="{conditional_escape(str(value))}">')
                for sub_value, sub_label in label:
                    hit = not found and str(sub_value) in selected
                    found |= hit
                    parts.append(_option(sub_value, sub_label, hit))
                parts.append("\n  </optgroup>")
            else:
                hit = not found and str("" if value is None else value) in selected
                found |= hit
                parts.append(_option(value, label, hit))
        return "".join(parts)

    def _memo_options(self, name: str) -> str:
        if self.static:
            key: tuple[Any, ...] = ("static", self.scope, name, get_language())
            choices = None
        else:
            choices = [choice for choice in self.choices]  # noqa: C416 (list() would ask a model choice field to COUNT first)
            key = (name, get_language(), _choices_key(choices))
        html = _MEMO.get(key)
        if html is None:
            html = _MEMO[key] = self._options(set(), choices)
            if len(_MEMO) > _MEMO_SIZE:
                _MEMO.popitem(last=False)
        else:
            _MEMO.move_to_end(key)
        return html

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        if self.allow_multiple_selected:
            widget["attrs"]["multiple"] = True
        values = [str(v) for v in widget["value"]]
        if self.allow_multiple_selected:
            options = self._options(set(values))
        else:  # the options' HTML without a selection, kept; the page only marks its selected option
            if self.cache:
                parts = ("select", self.scope, name, get_language())
                options = fragments.get_or_build(self.cache, parts, lambda: self._options(set()))
            else:
                options = self._memo_options(name)
            if values:
                plain = f'<option value="{conditional_escape(values[0])}">'
                options = options.replace(plain, plain[:-1] + " selected>", 1)
        return mark_safe(f'<select name="{conditional_escape(name)}"{_attrs(widget["attrs"])}>{options}\n</select>')


# --- every form's inputs, written in Python -----------------------------------------------------------------------

_WIDGETS = "django/forms/widgets/"
_INPUTS = frozenset(
    f"{_WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "search",
        "tel",
        "date",
        "time",
        "datetime",
        "color",
        "checkbox",
    )
)
_OPTIONS = frozenset(
    {f"{_WIDGETS}input_option.html", f"{_WIDGETS}radio_option.html", f"{_WIDGETS}checkbox_option.html"}
)


def _input(widget: dict[str, Any]) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{conditional_escape(value)}"'
    return f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'


class FastFormRenderer(DjangoTemplates):
    """Django's form renderer, except for the plain inputs, textareas and the options of radios and checkbox
    lists, which it writes in Python with exactly the markup of Django's templates: a template per input took
    about 0.3 ms, and a decision page with 60 award fields spent a quarter of its time in them (#19). Every other
    widget (and any template a project overrides under these names: none does) goes to the templates."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if template_name in _INPUTS:
            return _input(context["widget"])
        if template_name in _OPTIONS and not context["widget"].get("wrap_label"):
            return _input(context["widget"])
        if template_name == f"{_WIDGETS}textarea.html":
            widget = context["widget"]
            text = conditional_escape(widget["value"]) if widget["value"] else ""
            return f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea>'
        return super().render(template_name, context, request)
