"""Auditor pages: read and export the audit trail, never change it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from govtech.audit.filters import AuditEventFilter
from govtech.audit.names import with_target_names
from govtech.audit.permissions import can_read_audit_trail
from govtech.audit.selectors import EXPORT_HEADER, audit_events_for, export_rows
from govtech.core.csv_export import csv_response

PAGE_SIZE = 50


def _require_auditor(request: HttpRequest) -> None:
    if not can_read_audit_trail(request.user):
        raise PermissionDenied


@require_GET
@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    _require_auditor(request)
    filters = AuditEventFilter(request.GET, queryset=audit_events_for(request.user), request=request)
    events = filters.qs if filters.is_valid() else audit_events_for(request.user).none()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(with_target_names(page.object_list, request.user))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {
            "filter": filters,
            "page": page,
            "query": query.urlencode(),
            "breadcrumbs": [(_("Audit trail"), None)],
        },
    )


@require_GET
@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_auditor(request)
    event = next(with_target_names([get_object_or_404(audit_events_for(request.user), pk=pk)], request.user))
    return render(
        request,
        "audit/event_detail.html",
        {"event": event, "breadcrumbs": [(_("Audit trail"), reverse("audit:events")), (f"#{event.pk}", None)]},
    )


@require_GET
@login_required
def event_export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    _require_auditor(request)
    filters = AuditEventFilter(request.GET, queryset=audit_events_for(request.user), request=request)
    if not filters.is_valid():
        page = Paginator(audit_events_for(request.user).none(), PAGE_SIZE).get_page(1)
        context = {"filter": filters, "page": page, "query": "", "breadcrumbs": [(_("Audit trail"), None)]}
        return render(request, "audit/event_list.html", context, status=400)
    filename = f"audit-events-{timezone.now():%Y%m%d-%H%M%S}.csv"
    return csv_response(filename, EXPORT_HEADER, export_rows(filters.qs, request.user))
