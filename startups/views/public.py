"""Pages anyone may see: the directory, its CSV export, profiles and logos."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from govtech.accounts.roles import is_admin, signed_in
from govtech.core import fragments
from govtech.core.pagecache import public_page
from govtech.core.uploads import IMAGE_TYPES, attachment_response
from startups import conf, csv_export, selectors
from startups.filters import SupplierExportFilter, SupplierFilter
from startups.fragments import REGISTRY
from startups.identifiers import display_identifier
from startups.permissions import can_edit, can_see_private, is_member
from startups.views.common import breadcrumbs, visible_supplier

PAGE_SIZE = 20
RESULTS_TEMPLATE = "startups/includes/supplier_results.html"


def _directory_filter(request: HttpRequest) -> SupplierFilter:
    """The directory's filters over what its cards show (the export reads every column: ``_filtered``)."""
    return SupplierFilter(request.GET, queryset=selectors.supplier_cards(user=request.user))


@require_GET
@public_page()
def directory(request: HttpRequest) -> HttpResponse:
    filterset = _directory_filter(request)
    query = request.GET.copy()
    query.pop("page", None)
    if not filterset.is_valid():
        page = fragments.ids_page(filterset.queryset.none(), 1, PAGE_SIZE)
    elif request.user.is_authenticated:  # members also see their own unverified profile: not shared
        page = fragments.ids_page(filterset.qs, request.GET.get("page"), PAGE_SIZE, rows=filterset.queryset)
    else:  # what every visitor sees: the count and the page's ids are cached until the registry changes
        listed = conf.get("STARTUPS_UNVERIFIED_LISTED")  # who is public depends on it
        parts = (get_language(), listed, fragments.filter_parts(filterset.form.cleaned_data))
        page = fragments.cached_page(
            REGISTRY, parts, filterset.qs, request.GET.get("page"), PAGE_SIZE, rows=filterset.queryset
        )
    query_string = query.urlencode()
    words = request.GET.get("q", "")  # for the "matched in another language" notes
    cap = filterset.ranked_at_most
    context = {
        "filter": filterset,
        "page": page,
        "query": query_string,
        "capped": cap if cap is not None and page.paginator.count >= cap else None,
        "words": words,
        "breadcrumbs": [(_("Suppliers"), None)],
    }
    if filterset.is_valid() and not request.user.is_authenticated:
        context["results_html"] = fragments.cached_cards(REGISTRY, RESULTS_TEMPLATE, page, query_string, words)
    return render(request, "startups/directory.html", context)


@require_GET
def export_csv(request: HttpRequest) -> HttpResponseBase:
    filterset = SupplierExportFilter(request.GET, queryset=selectors.supplier_list(user=request.user))
    qs = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    response = StreamingHttpResponse(csv_export.stream(qs.iterator(chunk_size=500)), content_type="text/csv")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="suppliers-{stamp}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@public_page()
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    supplier = visible_supplier(request, slug)
    user = request.user
    member = is_member(user, supplier)
    waiting_text = ""
    if member and supplier.verification_status == supplier.Verification.PENDING:
        waiting_text = selectors.waiting_time_text(*selectors.verification_waiting_time())
    return render(
        request,
        "startups/detail.html",
        {
            "supplier": supplier,
            "identifier": display_identifier(supplier.identifier_scheme, supplier.identifier),
            "sanctions": supplier.sanctions_in_force,  # type: ignore[attr-defined]
            "can_edit": can_edit(user, supplier),
            "can_see_private": can_see_private(user, supplier),
            "is_member": member,
            "can_join": signed_in(user) and not member,
            "is_admin": is_admin(user),
            "waiting_text": waiting_text,
            "breadcrumbs": breadcrumbs((supplier.display_name, None)),
        },
    )


@require_GET
def logo(request: HttpRequest, slug: str) -> HttpResponseBase:
    supplier = visible_supplier(request, slug)
    extension = (supplier.logo.name or "").rsplit(".", 1)[-1] if supplier.logo else ""
    return attachment_response(
        supplier.logo,
        filename=f"{slug}-logo.{extension}",
        content_type=IMAGE_TYPES.get(extension, "application/octet-stream"),
    )
