"""What the pages of challenges and calls share: the filtered, cached result page and status labels."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language

from govtech.core import fragments as core_fragments
from procurement import fragments
from procurement.calls.models import Call
from procurement.challenges.models import Challenge

PAGE_SIZE = 20


RESULTS_TEMPLATE = "procurement/includes/call_results.html"


def page_context(request: HttpRequest, filterset: Any, *, cache: str = "", results: str = "") -> dict[str, Any]:
    """The filtered page; for visitors, with ``cache``, its count and ids come from that fragment, and with
    ``results`` (the cards' template) the rendered cards too."""
    if not filterset.is_valid():
        page = core_fragments.ids_page(filterset.queryset.none(), 1, PAGE_SIZE)
    elif cache and not request.user.is_authenticated:  # members of a body also see its drafts: not shared
        parts = (get_language(), type(filterset).__name__, core_fragments.filter_parts(filterset.form.cleaned_data))
        page = core_fragments.cached_page(
            cache,
            parts,
            filterset.qs,
            request.GET.get("page"),
            PAGE_SIZE,
            fragments.CALLS_TIMEOUT,
            rows=filterset.queryset,
        )
    else:
        page = core_fragments.ids_page(filterset.qs, request.GET.get("page"), PAGE_SIZE, rows=filterset.queryset)
    query = request.GET.copy()
    query.pop("page", None)
    # words: for the "matched in another language" notes
    context = {"filter": filterset, "page": page, "query": query.urlencode(), "words": request.GET.get("q", "")}
    if cache and results and filterset.is_valid() and not request.user.is_authenticated:
        context["results_html"] = core_fragments.cached_cards(
            cache, results, page, context["query"], context["words"], fragments.CALLS_TIMEOUT
        )
    return context


def status_label(obj: Challenge | Call) -> str:
    obj.refresh_from_db(fields=["status"])
    return str(obj.get_status_display())
