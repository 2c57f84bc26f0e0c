"""Public directory of instruments and programmes (published only)."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from recommendations.models import Instrument, Recommendation
from recommendations.permissions import can_read_curation


def directory(request: HttpRequest) -> HttpResponse:
    instruments = Instrument.objects.published()
    country = request.GET.get("country", "").upper()
    kind = request.GET.get("kind", "")
    if not re.fullmatch(r"[A-Z]{2}", country):
        country = ""
    if country:
        instruments = instruments.filter(country=country)
    if kind in Instrument.Kind.values:
        instruments = instruments.filter(kind=kind)
    countries = sorted(set(Instrument.objects.published().values_list("country", flat=True)))
    return render(
        request,
        "recommendations/instruments.html",
        {
            "instruments": instruments.order_by("country", "slug"),
            "countries": countries,
            "country": country,
            "kind": kind,
            "kinds": Instrument.Kind.choices,
            "can_curate": can_read_curation(request.user),
            "breadcrumbs": [
                (_("Recommendations"), reverse("recommendations:catalogue")),
                (_("Instruments and programmes"), None),
            ],
        },
    )


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    instrument = get_object_or_404(Instrument.objects.published(), slug=slug)
    recommendations = Recommendation.objects.published().with_content().filter(instruments=instrument)
    return render(
        request,
        "recommendations/instrument.html",
        {
            "instrument": instrument,
            "recommendations": recommendations,
            "breadcrumbs": [
                (_("Recommendations"), reverse("recommendations:catalogue")),
                (_("Instruments and programmes"), reverse("recommendations:instruments")),
                (instrument.localized_name.text, None),
            ],
        },
    )
