"""Pages: browse open calls, a call's page, the apply entry point, follow/unfollow."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from procurement import selectors, services
from procurement.models import Call, CallFollow


def opportunities(request: HttpRequest) -> HttpResponse:
    """Open calls everyone can browse: text search, instrument and country filters, deadline sort."""
    qs = selectors.call_list(user=request.user).filter(status=Call.Status.PUBLISHED)
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.annotate(doc=SearchVector("title", "summary", config="simple")).filter(
            doc=SearchQuery(query, config="simple")
        )
    instrument = request.GET.get("instrument", "")
    if instrument in Call.Instrument.values:
        qs = qs.filter(instrument=instrument)
    country = request.GET.get("country", "").upper()[:2]
    if country:
        qs = qs.filter(body__public_body__country=country)
    page = Paginator(qs.order_by("submission_deadline"), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "procurement/opportunities.html",
        {"page": page, "query": query, "instruments": Call.Instrument.choices, "instrument": instrument},
    )


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(selectors.call_list(user=request.user), pk=pk)
    following = request.user.is_authenticated and CallFollow.objects.filter(call=call, user=request.user).exists()
    return render(
        request,
        "procurement/call_detail.html",
        {
            "call": call,
            "questions": selectors.public_questions(call),
            "amendments": call.amendments.all(),
            "following": following,
        },  # fmt: skip
    )


def apply(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(selectors.call_list(user=request.user), pk=pk)
    return render(request, "procurement/apply.html", {"call": call})


@login_required
@require_POST
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(selectors.call_list(user=request.user), pk=pk)
    if request.POST.get("action") == "unfollow":
        services.call_unfollow(call=call, actor=request.user)
    else:
        services.call_follow(call=call, actor=request.user)
    return redirect("procurement:call", pk=call.pk)
