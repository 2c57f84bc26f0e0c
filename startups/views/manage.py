"""Pages for owners: register, edit the profile, logo, solutions, references, documents."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from govtech.core.errors import ApplicationError
from govtech.core.uploads import attachment_response
from startups import selectors, services
from startups.forms import DocumentForm, LogoForm, ProfileForm, ReferenceForm, RegistrationForm, SolutionForm
from startups.models import ComplianceDocument, PublicReference, Solution
from startups.permissions import can_edit
from startups.services.profile import DuplicateSupplier
from startups.views.common import breadcrumbs, guided_steps, owned_supplier, private_supplier


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    duplicate = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            supplier = services.supplier_register(
                actor=request.user,
                legal_name=data["legal_name"],
                trade_name=data["trade_name"],
                country=data["country"],
                identifier=data["identifier"],
                year_founded=data["year_founded"],
                website=data["website"],
                innovative=data["innovative"],
            )
        except DuplicateSupplier as exc:
            form.add_application_error(exc)
            duplicate = exc.extra.get("supplier", "")
        except ApplicationError as exc:
            form.add_application_error(exc)
        else:
            messages.success(request, _("Step 1 saved: your organisation is registered."))
            return redirect(reverse("startups:edit", args=[supplier.slug]) + "?guided=1")
    return render(
        request,
        "startups/register.html",
        {
            "form": form,
            "duplicate": duplicate,
            "steps": guided_steps(1),
            "breadcrumbs": breadcrumbs((_("Register your organisation"), None)),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    supplier = owned_supplier(request, slug)
    guided = (request.POST if request.method == "POST" else request.GET).get("guided") == "1"
    form = ProfileForm(request.POST if request.method == "POST" else None, initial=ProfileForm.initial_for(supplier))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        classification = {
            "sectors": [s.slug for s in data.pop("sectors")],
            "technologies": [t.slug for t in data.pop("technologies")],
            "cpv_codes": data.pop("cpv_codes"),
        }
        for key in ("revenue_band", "stage"):
            data[key] = data[key] or ""
        try:
            with transaction.atomic():
                services.supplier_update(actor=request.user, supplier=supplier, **data)
                services.supplier_set_classification(actor=request.user, supplier=supplier, **classification)
        except ApplicationError as exc:
            form.add_application_error(exc)
        else:
            if guided:
                messages.success(request, _("Step 2 saved: what you offer."))
                return redirect("startups:onboarding_references", slug=supplier.slug)
            messages.success(request, _("The profile has been saved."))
            return redirect("startups:detail", slug=supplier.slug)
    return render(
        request,
        "startups/edit.html",
        {
            "form": form,
            "supplier": supplier,
            "guided": guided,
            "steps": guided_steps(2) if guided else None,
            "breadcrumbs": breadcrumbs(
                (supplier.display_name, reverse("startups:detail", args=[slug])), (_("Edit profile"), None)
            ),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def onboarding_references(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 3 of the guided registration: public-sector references, each saved when added; "Finish" leads to the
    profile and its "waiting for verification" state."""
    supplier = owned_supplier(request, slug)
    form = ReferenceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reference_create(actor=request.user, supplier=supplier, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_application_error(exc)
        else:
            messages.success(request, _("The reference has been saved. Add another or finish."))
            return redirect("startups:onboarding_references", slug=slug)
    return render(
        request,
        "startups/onboarding_references.html",
        {
            "form": form,
            "supplier": supplier,
            "references": list(supplier.references.all()),
            "steps": guided_steps(3),
            "breadcrumbs": breadcrumbs(
                (supplier.display_name, reverse("startups:detail", args=[slug])), (_("References"), None)
            ),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def logo_edit(request: HttpRequest, slug: str) -> HttpResponse:
    supplier = owned_supplier(request, slug)
    form = LogoForm(
        request.POST if request.method == "POST" else None, request.FILES if request.method == "POST" else None
    )
    if request.method == "POST" and request.POST.get("remove"):
        services.supplier_set_logo(actor=request.user, supplier=supplier, upload=None)
        messages.success(request, _("The logo has been removed."))
        return redirect("startups:detail", slug=slug)
    if request.method == "POST" and form.is_valid():
        try:
            services.supplier_set_logo(actor=request.user, supplier=supplier, upload=form.cleaned_data["logo"])
        except ApplicationError as exc:
            form.add_application_error(exc)
        else:
            messages.success(request, _("The logo has been saved."))
            return redirect("startups:detail", slug=slug)
    return render(
        request,
        "startups/simple_form.html",
        {
            "form": form,
            "supplier": supplier,
            "title": _("Logo"),
            "multipart": True,
            "breadcrumbs": breadcrumbs(
                (supplier.display_name, reverse("startups:detail", args=[slug])), (_("Logo"), None)
            ),
        },
        status=400 if form.errors else 200,
    )


def _child_form(
    request: HttpRequest,
    slug: str,
    pk: int | None,
    *,
    model: Any,
    form_class: Any,
    create: Any,
    update: Any,
    title: str,
    related: str,
) -> HttpResponse:
    supplier = owned_supplier(request, slug)
    obj = get_object_or_404(model, pk=pk, supplier=supplier) if pk else None
    initial = {name: getattr(obj, name) for name in form_class.base_fields} if obj else None
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if obj is None:
                create(actor=request.user, supplier=supplier, **form.cleaned_data)
            else:
                update(request.user, obj, form.cleaned_data)
        except ApplicationError as exc:
            form.add_application_error(exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(reverse("startups:detail", args=[slug]) + f"#{related}")
    return render(
        request,
        "startups/simple_form.html",
        {
            "form": form,
            "supplier": supplier,
            "title": title,
            "breadcrumbs": breadcrumbs((supplier.display_name, reverse("startups:detail", args=[slug])), (title, None)),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def solution_form(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    return _child_form(
        request,
        slug,
        pk,
        model=Solution,
        form_class=SolutionForm,
        create=services.solution_create,
        update=lambda actor, obj, data: services.solution_update(actor=actor, solution=obj, **data),
        title=_("Edit solution") if pk else _("Add a solution"),
        related="solutions",
    )


@login_required
@require_http_methods(["GET", "POST"])
def reference_form(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    return _child_form(
        request,
        slug,
        pk,
        model=PublicReference,
        form_class=ReferenceForm,
        create=services.reference_create,
        update=lambda actor, obj, data: services.reference_update(actor=actor, reference=obj, **data),
        title=_("Edit reference") if pk else _("Add a public-sector reference"),
        related="references",
    )


@login_required
@require_POST
def solution_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    supplier = owned_supplier(request, slug)
    services.solution_delete(actor=request.user, solution=get_object_or_404(Solution, pk=pk, supplier=supplier))
    messages.success(request, _("The solution has been deleted."))
    return redirect("startups:detail", slug=slug)


@login_required
@require_POST
def reference_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    supplier = owned_supplier(request, slug)
    services.reference_delete(
        actor=request.user, reference=get_object_or_404(PublicReference, pk=pk, supplier=supplier)
    )
    messages.success(request, _("The reference has been deleted."))
    return redirect("startups:detail", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def documents(request: HttpRequest, slug: str) -> HttpResponse:
    supplier = private_supplier(request, slug)
    editable = can_edit(request.user, supplier)
    form = DocumentForm(
        request.POST if request.method == "POST" else None, request.FILES if request.method == "POST" else None
    )
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.document_upload(
                    actor=request.user,
                    supplier=supplier,
                    kind=data["kind"],
                    upload=data["file"],
                    issued_on=data["issued_on"],
                    expires_on=data["expires_on"],
                )
            except ApplicationError as exc:
                form.add_application_error(exc)
            else:
                messages.success(request, _("The document has been uploaded."))
                return redirect("startups:documents", slug=slug)
    return render(
        request,
        "startups/documents.html",
        {
            "form": form,
            "supplier": supplier,
            "documents": selectors.documents(supplier),
            "can_edit": editable,
            "breadcrumbs": breadcrumbs(
                (supplier.display_name, reverse("startups:detail", args=[slug])), (_("Compliance documents"), None)
            ),
        },
        status=400 if form.errors else 200,
    )


@login_required
def document_download(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    supplier = private_supplier(request, slug)
    document = get_object_or_404(ComplianceDocument, pk=pk, supplier=supplier)
    return attachment_response(document.file, filename=document.original_name, content_type=document.content_type)


@login_required
@require_POST
def document_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    supplier = owned_supplier(request, slug)
    document = ComplianceDocument.objects.filter(pk=pk, supplier=supplier).first()
    if document is None:
        raise Http404
    services.document_delete(actor=request.user, document=document)
    messages.success(request, _("The document has been deleted."))
    return redirect("startups:documents", slug=slug)


@login_required
@require_POST
def resubmit(request: HttpRequest, slug: str) -> HttpResponse:
    supplier = owned_supplier(request, slug)
    try:
        services.supplier_transition(actor=request.user, supplier=supplier, to="pending")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your profile has been sent for verification again."))
    return redirect("startups:detail", slug=slug)
