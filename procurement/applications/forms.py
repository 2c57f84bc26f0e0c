"""Supplier forms for an application: the content, with one answer per criterion and one price per phase of the
call, milestone and partner rows that work without JavaScript, and a file. Rules live in ``services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from govtech.accounts.models import Organisation
from govtech.core.forms import GOVUK_CLASSES, GovukForm
from procurement.applications.models import Application
from procurement.calls.criteria import criterion_label
from procurement.calls.requirements import FileKind, requirements_of

MILESTONE_ROWS = 3
PARTNER_ROWS = 2
TEXT_MAX = 20000


def _style(form: forms.Form) -> None:
    for name, field in form.fields.items():
        widget = field.widget
        if "govuk-" in widget.attrs.get("class", ""):
            continue
        css = next((c for t, c in GOVUK_CLASSES.items() if type(widget) is t), "govuk-input")
        widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
        if field.help_text:
            widget.attrs["aria-describedby"] = f"{name}-hint"


class ApplicationForm(GovukForm):
    title = forms.CharField(label=_("Title of the proposal"), max_length=200, required=False)
    solution = forms.CharField(
        label=_("Proposed solution"), widget=forms.Textarea(attrs={"rows": 8}), max_length=TEXT_MAX, required=False
    )
    team = forms.CharField(
        label=_("Team"), widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_MAX, required=False
    )
    plan = forms.CharField(
        label=_("Work plan"), widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_MAX, required=False
    )
    price = forms.DecimalField(label=_("Total price"), max_digits=14, decimal_places=2, min_value=0, required=False)
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False, help_text=_("For example COP."))

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        self.application = application
        call = application.call
        super().__init__(*args, initial=kwargs.pop("initial", None) or self._initial(application), **kwargs)
        self.criteria = [str(c.get("name", "")) for c in call.criteria if isinstance(c, dict) and c.get("name")]
        for i, name in enumerate(self.criteria):
            self.fields[f"criterion_{i}"] = forms.CharField(
                label=_("How the proposal meets “%(name)s”") % {"name": criterion_label(name)},
                widget=forms.Textarea(attrs={"rows": 4}),
                max_length=TEXT_MAX,
                required=False,
            )
        self.phases = [str(p.get("name", "")) for p in call.phases if isinstance(p, dict) and p.get("name")]
        for i, name in enumerate(self.phases):
            self.fields[f"phase_{i}"] = forms.DecimalField(
                label=_("Price of the phase “%(name)s”") % {"name": name},
                max_digits=14,
                decimal_places=2,
                min_value=0,
                required=False,
            )
        for i in range(max(MILESTONE_ROWS, len(application.milestones) + 1)):
            self.fields[f"milestone_name_{i}"] = forms.CharField(
                label=_("Milestone %(n)s") % {"n": i + 1}, max_length=200, required=False
            )
            self.fields[f"milestone_month_{i}"] = forms.IntegerField(
                label=_("Month of milestone %(n)s") % {"n": i + 1}, min_value=1, max_value=120, required=False
            )
        if call.consortia_allowed:
            choices = [("", _("No partner"))] + [
                (str(o.pk), o.name)
                for o in Organisation.objects.suppliers().exclude(pk=application.supplier_id).order_by("name")
            ]
            for i in range(max(PARTNER_ROWS, application.partners.count() + 1)):
                self.fields[f"partner_{i}"] = forms.ChoiceField(
                    label=_("Consortium partner %(n)s") % {"n": i + 1}, choices=choices, required=False
                )
                self.fields[f"partner_role_{i}"] = forms.CharField(
                    label=_("Role of partner %(n)s") % {"n": i + 1}, max_length=200, required=False
                )
        self._mark_required(call)
        _style(self)

    def _mark_required(self, call: Any) -> None:
        """The parts the call requires say so in their label and to assistive technology; saving a draft never
        needs them, submitting does (``services.missing_parts``)."""
        required = requirements_of(call)
        names = ["title", "solution"]
        names += [f"criterion_{i}" for i in range(len(self.criteria))] if required["criteria"] else []
        names += [part for part in ("team", "plan", "price") if required[part]]
        self.required_names = set(names)
        for name in names:
            field = self.fields[name]
            field.label = _("%(label)s (required)") % {"label": field.label}
            field.widget.attrs["aria-required"] = "true"

    @staticmethod
    def _initial(application: Application) -> dict[str, Any]:
        call = application.call
        data: dict[str, Any] = {
            name: getattr(application, name) for name in ("title", "solution", "team", "plan", "price", "currency")
        }
        names = [str(c.get("name", "")) for c in call.criteria if isinstance(c, dict)]
        for i, name in enumerate(n for n in names if n):
            data[f"criterion_{i}"] = (application.criteria_responses or {}).get(name, "")
        phases = [str(p.get("name", "")) for p in call.phases if isinstance(p, dict) and p.get("name")]
        prices = {p["phase"]: p["price"] for p in application.phase_prices or [] if isinstance(p, dict)}
        for i, name in enumerate(phases):
            data[f"phase_{i}"] = prices.get(name)
        for i, milestone in enumerate(application.milestones or []):
            data[f"milestone_name_{i}"] = milestone.get("name", "")
            data[f"milestone_month_{i}"] = milestone.get("month")
        for i, partner in enumerate(application.partners.all()):
            data[f"partner_{i}"] = str(partner.organisation_id)
            data[f"partner_role_{i}"] = partner.role
        return data

    def fieldsets(self) -> dict[str, list[Any]]:
        """The bound fields in the page's sections."""
        groups: dict[str, list[Any]] = {"main": [], "criteria": [], "price": [], "milestones": [], "partners": []}
        for bound in self:
            name = bound.name
            if name.startswith("criterion_"):
                groups["criteria"].append(bound)
            elif name.startswith("phase_") or name in ("price", "currency"):
                groups["price"].append(bound)
            elif name.startswith("milestone_"):
                groups["milestones"].append(bound)
            elif name.startswith("partner_"):
                groups["partners"].append(bound)
            else:
                groups["main"].append(bound)
        return groups

    def to_service(self) -> dict[str, Any]:
        data = self.cleaned_data
        out: dict[str, Any] = {name: data.get(name) or "" for name in ("title", "solution", "team", "plan")}
        out["price"] = data.get("price")
        out["currency"] = (data.get("currency") or "").upper()
        out["criteria_responses"] = {name: data.get(f"criterion_{i}") or "" for i, name in enumerate(self.criteria)}
        out["phase_prices"] = [
            {"phase": name, "price": str(data[f"phase_{i}"])}
            for i, name in enumerate(self.phases)
            if data.get(f"phase_{i}") is not None
        ]
        milestones = []
        i = 0
        while f"milestone_name_{i}" in self.fields:
            name, month = data.get(f"milestone_name_{i}") or "", data.get(f"milestone_month_{i}")
            if name.strip() or month is not None:
                milestones.append({"name": name, "month": month})
            i += 1
        out["milestones"] = milestones
        if self.application.call.consortia_allowed:
            partners = []
            i = 0
            while f"partner_{i}" in self.fields:
                if data.get(f"partner_{i}"):
                    partners.append(
                        {"organisation": int(data[f"partner_{i}"]), "role": data.get(f"partner_role_{i}") or ""}
                    )
                i += 1
            out["partners"] = partners
        return out


class FileForm(GovukForm):
    kind = forms.ChoiceField(
        label=_("What is this file?"), choices=FileKind.choices, initial=FileKind.OTHER, required=False
    )
    file = forms.FileField(label=_("File"), help_text=_("PDF, ODT/ODS, DOCX/XLSX or an image."))
