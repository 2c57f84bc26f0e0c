"""The directory's CSV export as a job of the signed-in user: ask, watch its progress, download."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from govtech.core import fragments
from govtech.core.errors import ApplicationError
from govtech.core.uploads import attachment_response
from startups import services
from startups.models import ExportJob
from startups.services.exports import export_filterset
from startups.views.common import breadcrumbs


def _own_job(request: HttpRequest, pk: int) -> ExportJob:
    """The job, only for whoever asked for it: 404 to everyone else (no hint that it exists)."""
    return get_object_or_404(ExportJob, pk=pk, requested_by=request.user)


@login_required
@require_POST
def export_create(request: HttpRequest) -> HttpResponse:
    """Queue an export with the directory's filters (the query string of the form's action)."""
    query = request.GET.urlencode()
    filterset = export_filterset(user=request.user, query=query)
    if filterset.is_valid():
        try:
            job = services.export_request(actor=request.user, query=query)
        except ApplicationError:
            pass
        else:
            return redirect("startups:export_detail", pk=job.pk)
    page = fragments.ids_page(filterset.queryset.none(), 1, 20)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "startups/directory.html",
        {"filter": filterset, "page": page, "query": params.urlencode(), "breadcrumbs": [(_("Suppliers"), None)]},
        status=400,
    )


def _context(request: HttpRequest, job: ExportJob) -> dict[str, object]:
    directory = reverse("startups:directory") + (f"?{job.query}" if job.query else "")
    return {
        "job": job,
        "percent": job.progress_percent,
        "running": job.running,
        "directory_url": directory,
        "breadcrumbs": breadcrumbs((_("Export"), None)),
    }


@login_required
@require_GET
def export_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own_job(request, pk)
    return render(request, "startups/export_detail.html", _context(request, job))


@login_required
@require_GET
def export_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment the job page polls (htmx swaps it in place)."""
    job = _own_job(request, pk)
    return render(request, "startups/export_progress.html", _context(request, job))


@login_required
@require_GET
def export_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    job = _own_job(request, pk)
    if job.status != ExportJob.Status.DONE:
        raise Http404
    stamp = (job.finished_at or job.created_at).date().isoformat()
    response = attachment_response(job.file, filename=f"suppliers-{stamp}.csv", content_type="text/csv; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
