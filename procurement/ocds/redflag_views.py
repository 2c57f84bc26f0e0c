"""The red-flag pages: a buyer's public profile (and the buyers' index), and the dashboard with its CSV export.

Which flags a person sees is decided by ``RedFlagResult.objects.visible_to`` through ``redflag_selectors``:
the public profile reads what an anonymous visitor may see (a call's flags once it is decided, imported
processes), whoever is looking; the dashboard and its CSV read what the person looking may see (an auditor:
everything; a body's staff: their calls at once; everyone else: the public record).
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from govtech.accounts.models import User
from govtech.accounts.roles import has_site_role
from govtech.core.charts import bar_chart_svg
from govtech.core.csv_export import csv_response
from govtech.core.names import country_name
from procurement.ocds import redflag_selectors as selectors
from procurement.ocds.methodology import indicator_title
from procurement.ocds.redflag_display import OUTCOME_LABELS, percent, reason_text

BUYERS_SHOWN = 200


def _public_buyer_ids() -> set[str]:
    return {row.buyer_id for row in selectors.buyers(AnonymousUser())}


@require_GET
def buyers(request: HttpRequest) -> HttpResponse:
    """Every buyer with public flags, most flagged first, each linked to its profile."""
    rows = selectors.buyers(AnonymousUser())
    context = {
        "breadcrumbs": [
            (_("Open data"), reverse("ocds:open_data")),
            (_("Red flags: buyers"), None),
        ],
        "rows": [(row, country_name(row.country)) for row in rows[:BUYERS_SHOWN]],
        "total": len(rows),
        "shown": BUYERS_SHOWN,
    }
    return render(request, "ocds/red_flags_buyers.html", context)


@require_GET
def buyer_profile(request: HttpRequest, buyer_id: str) -> HttpResponse:
    """One buyer's decided processes, indicator by indicator, against the median of its country's buyers."""
    profile = selectors.buyer_profile(AnonymousUser(), buyer_id)
    if profile is None:
        raise Http404
    rows = [
        {
            "code": item.indicator,
            "title": indicator_title(item.indicator),
            "processes": item.processes,
            "computable": item.computable,
            "not_computable": item.not_computable,
            "flagged": item.flagged,
            "rate": percent(item.rate),
            "median": percent(item.country_median),
            "country_buyers": item.country_buyers,
        }
        for item in profile.indicators
    ]
    chart = bar_chart_svg(
        rows=[
            (f"{row.indicator}", None if row.rate is None else round(100 * row.rate, 1)) for row in profile.indicators
        ],
        title=_("Share of this buyer's computable processes flagged, per indicator"),
        desc=_("One bar per indicator; the table below gives the same numbers, with the country's median."),
        ident="buyer-rates",
        unit=" %",
    )
    context = {
        "breadcrumbs": [
            (_("Open data"), reverse("ocds:open_data")),
            (_("Red flags: buyers"), reverse("ocds:red_flags_buyers")),
            (profile.buyer_name or profile.buyer_id, None),
        ],
        "profile": profile,
        "country": country_name(profile.country) if profile.country else "—",
        "rows": rows,
        "chart": chart,
    }
    return render(request, "ocds/red_flags_buyer.html", context)


class DashboardForm(forms.Form):
    """The dashboard's and the CSV's filters; the choices are what the person looking may see."""

    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False)
    buyer = forms.ChoiceField(label=gettext_lazy("Buyer"), required=False)
    cpv_division = forms.ChoiceField(label=gettext_lazy("CPV division"), required=False)
    indicator = forms.ChoiceField(label=gettext_lazy("Indicator"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = selectors.filter_options(user)
        every = [("", _("All"))]
        self._field("country").choices = every + [(c, country_name(c)) for c in options["countries"]]
        self._field("buyer").choices = every + [
            (row.buyer_id, f"{row.buyer_name or row.buyer_id} ({country_name(row.country)})")
            for row in selectors.buyers(user)
        ]
        self._field("cpv_division").choices = every + [(d, d) for d in options["cpv_divisions"]]
        self._field("indicator").choices = every + [
            (code, f"{code} — {indicator_title(code)}") for code in options["indicators"]
        ]

    def _field(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return field

    def filters(self) -> selectors.Filters:
        data = self.cleaned_data if self.is_valid() else {}
        return selectors.Filters(
            country=data.get("country", ""),
            buyer=data.get("buyer", ""),
            cpv_division=data.get("cpv_division", ""),
            indicator=data.get("indicator", ""),
        )


def _form(request: HttpRequest) -> DashboardForm:
    known = {key: request.GET[key] for key in ("country", "buyer", "cpv_division", "indicator") if key in request.GET}
    return DashboardForm(known, user=request.user)


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Counts per indicator and buyers, filtered, with a chart and its table; what the person looking may see."""
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return render(request, "ocds/red_flags_dashboard.html", {"form": form, "invalid": True}, status=400)
    filters = form.filters()
    counts = selectors.indicator_counts(request.user, filters)
    chart = bar_chart_svg(
        rows=[(count.indicator, None if count.rate is None else round(100 * count.rate, 1)) for count in counts],
        title=_("Share of computable processes flagged, per indicator"),
        desc=_("One bar per indicator; the table below gives the same numbers."),
        ident="dashboard-rates",
        unit=" %",
    )
    public = _public_buyer_ids()
    buyer_rows = selectors.buyers(request.user, filters)
    query = request.GET.urlencode()
    context = {
        "breadcrumbs": [(_("Open data"), reverse("ocds:open_data")), (_("Red flags: dashboard"), None)],
        "form": form,
        "counts": [(count, indicator_title(count.indicator), percent(count.rate)) for count in counts],
        "chart": chart,
        "buyers": [(row, country_name(row.country), row.buyer_id in public) for row in buyer_rows[:BUYERS_SHOWN]],
        "buyers_total": len(buyer_rows),
        "shown": BUYERS_SHOWN,
        "csv_url": reverse("ocds:red_flags_csv") + (f"?{query}" if query else ""),
        "sees_everything": has_site_role(request.user, User.SiteRole.ADMIN, User.SiteRole.AUDITOR),
    }
    return render(request, "ocds/red_flags_dashboard.html", context)


CSV_HEADER = [
    "ocid",
    "country",
    "buyer_id",
    "buyer_name",
    "cpv_division",
    "indicator",
    "indicator_title",
    "outcome",
    "outcome_label",
    "reason",
    "reason_text",
    "evidence",
    "methodology_version",
    "computed_at",
]


@require_GET
def dashboard_csv(request: HttpRequest) -> StreamingHttpResponse | HttpResponse:
    """Every flag behind the dashboard, with the same filters, one row per process and indicator."""
    form = _form(request)
    if form.is_bound and not form.is_valid():
        problems = {field: [str(e) for e in errors] for field, errors in form.errors.items()}
        return HttpResponse(json.dumps({"errors": problems}), status=400, content_type="application/json")
    flags = selectors.visible_flags(request.user, form.filters()).iterator(chunk_size=2000)
    titles = {code: indicator_title(code) for code in selectors.INDICATOR_CODES}
    rows = (
        [
            flag.ocid,
            flag.country,
            flag.buyer_id,
            flag.buyer_name,
            flag.cpv_division,
            flag.indicator,
            titles.get(flag.indicator, flag.indicator),
            flag.outcome,
            str(OUTCOME_LABELS.get(flag.outcome, flag.outcome)),
            flag.reason,
            reason_text(flag.reason) if flag.reason else "",
            json.dumps(flag.evidence, ensure_ascii=False, sort_keys=True),
            flag.methodology_version,
            flag.computed_at.isoformat(),
        ]
        for flag in flags
    )
    return csv_response("red-flags.csv", CSV_HEADER, rows)
