"""Pages for portal administrators: verification, sanctions, bulk import."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from govtech.accounts.roles import is_admin
from govtech.core.errors import ApplicationError
from startups import services
from startups.forms import ImportForm, SanctionForm, VerificationForm
from startups.importing import COLUMNS
from startups.models import ImportJob, Sanction
from startups.services.imports import BROKER_DOWN_MESSAGE, import_progress
from startups.views.common import breadcrumbs, visible_supplier


def admin_required(view: Any) -> Any:
    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_admin(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@admin_required
@require_http_methods(["GET", "POST"])
def moderation(request: HttpRequest, slug: str) -> HttpResponse:
    supplier = visible_supplier(request, slug)
    action = request.POST.get("action")
    verification = VerificationForm(request.POST if action == "verify" else None)
    sanction = SanctionForm(request.POST if action == "sanction" else None)
    if action == "verify" and verification.is_valid():
        try:
            services.supplier_transition(
                actor=request.user,
                supplier=supplier,
                to=verification.cleaned_data["status"],
                reason=verification.cleaned_data["reason"],
            )
        except ApplicationError as exc:
            verification.add_application_error(exc)
        else:
            messages.success(request, _("The decision has been recorded and the supplier notified."))
            return redirect("startups:moderation", slug=slug)
    elif action == "sanction" and sanction.is_valid():
        try:
            services.sanction_impose(actor=request.user, supplier=supplier, **sanction.cleaned_data)
        except ApplicationError as exc:
            sanction.add_application_error(exc)
        else:
            messages.success(request, _("The sanction has been recorded."))
            return redirect("startups:moderation", slug=slug)
    elif action == "lift":
        item = get_object_or_404(Sanction, pk=request.POST.get("sanction") or 0, supplier=supplier)
        try:
            services.sanction_lift(actor=request.user, sanction=item)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("startups:moderation", slug=slug)
    invalid = verification.errors or sanction.errors
    return render(
        request,
        "startups/moderation.html",
        {
            "supplier": supplier,
            "verification": verification,
            "sanction_form": sanction,
            "sanctions": supplier.sanctions.all(),
            "breadcrumbs": breadcrumbs(
                (supplier.display_name, reverse("startups:detail", args=[slug])),
                (_("Verification and sanctions"), None),
            ),
        },
        status=400 if invalid else 200,
    )


@admin_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportForm(
        request.POST if request.method == "POST" else None, request.FILES if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_preview(actor=request.user, upload=form.cleaned_data["file"])
        except ApplicationError as exc:
            form.add_application_error(exc)
        else:
            if form.cleaned_data["mark_verified"]:
                ImportJob.objects.filter(pk=job.pk).update(mark_verified=True)
            return redirect("startups:import_detail", pk=job.pk)
    return render(
        request,
        "startups/import_upload.html",
        {
            "form": form,
            "columns": COLUMNS,
            "jobs": ImportJob.objects.all()[:10],
            "breadcrumbs": breadcrumbs((_("Import suppliers"), None)),
        },
        status=400 if form.errors else 200,
    )


@admin_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=pk)
    processed = import_progress(job)
    percent = int(100 * processed / job.total_rows) if job.total_rows else 0
    running = job.status in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING)
    template = "startups/import_progress.html" if request.headers.get("HX-Request") else "startups/import_detail.html"
    return render(
        request,
        template,
        {
            "job": job,
            "processed": processed,
            "percent": percent,
            "running": running,
            "preview": [{"row": r.get("_row"), **r} for r in job.rows[:20]],
            "breadcrumbs": breadcrumbs(
                (_("Import suppliers"), reverse("startups:import_upload")), (job.original_name, None)
            ),
        },
    )


@admin_required
@require_POST
def import_start(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=pk)
    try:
        services.import_queue(actor=request.user, job=job)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        job.refresh_from_db(fields=["status"])
        if job.status == ImportJob.Status.READY:  # the broker was down: the job went back to READY
            messages.error(request, str(BROKER_DOWN_MESSAGE))
    return redirect("startups:import_detail", pk=pk)
