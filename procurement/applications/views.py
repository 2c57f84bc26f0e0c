"""Pages: the supplier's applications (list, start, edit, files, submit, withdraw, receipts) and the officer's
"applications received" page of a call with the opening button.

Applications are found through ``selectors`` (``visible_to``): a sealed or foreign application is a 404, its files
too. Acting needs the right membership (403 otherwise); a service's refusal is shown on the page, never a 500.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from govtech.accounts.models import Organisation
from govtech.core.errors import ApplicationError
from govtech.core.uploads import attachment_response
from procurement import conflicts
from procurement.applications import lifecycle, selectors, services
from procurement.applications.eligibility import eligibility_for_application, eligibility_reasons
from procurement.applications.forms import ApplicationForm, FileForm
from procurement.applications.models import Application, ApplicationFile, ApplicationPartner, SubmissionReceipt
from procurement.applications.receipt_pdf import receipt_pdf as build_receipt_pdf
from procurement.applications.receipts import canonical_json, receipt_is_intact, receipt_matches_content
from procurement.bodies.permissions import is_officer
from procurement.calls.models import Call
from procurement.calls.requirements import FileKind, requirement_list, requirements_of


def _application(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(selectors.application_list(user=request.user), pk=pk)


def _own(request: HttpRequest, pk: int) -> Application:
    application = _application(request, pk)
    if not services.may_edit(request.user, application):
        raise PermissionDenied
    return application


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """My applications: state, deadline, latest receipt, links."""
    return render(request, "applications/mine.html", {"applications": selectors.my_applications(user=request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def partner_requests(request: HttpRequest) -> HttpResponse:
    """Consortium requests waiting for the signed-in owner: accept or decline being named as a partner. The
    application's content stays hidden until accepted."""
    status = 200
    if request.method == "POST":
        partner = get_object_or_404(
            ApplicationPartner, pk=request.POST.get("partner") or 0, consent=ApplicationPartner.Consent.PENDING
        )
        try:
            services.application_partner_respond(
                actor=request.user, partner=partner, accept=request.POST.get("action") == "accept"
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            status = exc.status_code
        else:
            messages.success(request, _("Your answer has been recorded."))
            return redirect("applications:partner-requests")
    return render(
        request,
        "applications/partner_requests.html",
        {"requests": services.partner_requests_for(request.user)},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, call_id: int) -> HttpResponse:
    """The "Apply" entry of a call: who may apply (early eligibility check), then a draft."""
    call = get_object_or_404(Call.objects.visible_to(request.user).select_related("body"), pk=call_id)
    existing = selectors.application_for_call(user=request.user, call=call)
    if existing is not None:
        return redirect("applications:detail", pk=existing.pk)
    orgs = list(Organisation.objects.suppliers().filter(pk__in=services.supplier_ids_of(request.user)).order_by("name"))
    error, status = "", 200
    if request.method == "POST":
        supplier = next(
            (o for o in orgs if str(o.pk) == request.POST.get("supplier")), orgs[0] if len(orgs) == 1 else None
        )
        try:
            application = services.application_create(call=call, actor=request.user, supplier=supplier)
        except ApplicationError as exc:
            error, status = exc.message, exc.status_code  # 403 to those who may not apply, 409 once closed
        else:
            messages.success(request, _("Your draft application has been created."))
            return redirect("applications:edit", pk=application.pk)
    checks = [(org, eligibility_reasons(call, org)) for org in orgs]
    return render(
        request,
        "applications/start.html",
        {
            "call": call,
            "checks": checks,
            "error": error,
            "closed": services.deadline_passed(call),
            "deadline": services.deadline_text(call),
        },
        status=status,
    )


def _page(
    request: HttpRequest,
    application: Application,
    *,
    error: str = "",
    file_form: FileForm | None = None,
    status: int = 200,
) -> HttpResponse:
    editor = services.may_edit(request.user, application)
    open_now = application.call.status == Call.Status.PUBLISHED and not services.deadline_passed(application.call)
    receipts = list(application.receipts.all())
    context: dict[str, Any] = {
        "application": application,
        "call": application.call,
        "editor": editor,
        "editable": editor and open_now and application.status in lifecycle.EDITABLE,
        "can_submit": editor
        and open_now
        and lifecycle.APPLICATION.allows(application.status, Application.Status.SUBMITTED),
        "can_withdraw": editor and open_now and application.status == Application.Status.SUBMITTED,
        "reasons": eligibility_for_application(application) if editor else [],
        "missing": [m for _f, m in services.missing_content(application)] if editor else [],
        "required": requirement_list(application.call),
        "required_files": [FileKind(kind).label for kind in requirements_of(application.call)["files"]],
        "receipts": receipts,
        "latest_receipt": receipts[0] if receipts else None,
        "deadline": services.deadline_text(application.call),
        "deadline_passed": services.deadline_passed(application.call),
        "error": error,
        "file_form": file_form or FileForm(),
        "file_limit_mb": services.file_max_bytes() / 1024 / 1024,
        "total_limit_mb": services.total_max_bytes() / 1024 / 1024,
    }
    return render(request, "applications/detail.html", context, status=status)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _application(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own(request, pk)
    if application.status not in lifecycle.EDITABLE:
        messages.error(
            request, _("A submitted application cannot be changed; withdraw it first (before the deadline) to edit it.")
        )
        return redirect("applications:detail", pk=application.pk)
    form = ApplicationForm(request.POST or None, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(application=application, actor=request.user, **form.to_service())
        except ApplicationError as exc:
            form.add_application_error(exc)
        else:
            messages.success(request, _("Your application has been saved. It is not submitted yet."))
            if request.POST.get("then") == "review":  # saved, straight on to the review of everything
                return redirect("applications:review", pk=application.pk)
            return redirect("applications:detail", pk=application.pk)
    return render(
        request,
        "applications/edit.html",
        {
            "form": form,
            "groups": form.fieldsets(),
            "application": application,
            "call": application.call,
            "deadline": services.deadline_text(application.call),
            "required": requirement_list(application.call),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def file_upload(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own(request, pk)
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.application_file_add(
                application=application,
                actor=request.user,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data.get("kind") or FileKind.OTHER,
            )
        except ApplicationError as exc:
            form.add_application_error(exc)
        else:
            messages.success(request, _("The file has been attached."))
            return redirect("applications:detail", pk=application.pk)
    return _page(request, application, file_form=form, status=400)


@login_required
@require_POST
def file_remove(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    application = _own(request, pk)
    item = get_object_or_404(ApplicationFile.objects.visible_to(request.user), pk=file_id, application=application)
    try:
        services.application_file_remove(application=application, actor=request.user, item=item)
    except ApplicationError as exc:
        return _page(request, application, error=exc.message, status=400)
    messages.success(request, _("The file has been removed."))
    return redirect("applications:detail", pk=application.pk)


@login_required
@require_GET
def file_download(request: HttpRequest, pk: int, file_id: int) -> HttpResponseBase:
    """Served only through the seal: ``ApplicationFile.objects.visible_to`` (a 404 otherwise), as a download."""
    try:
        item = selectors.file_for(user=request.user, application_id=pk, file_id=file_id)
    except ApplicationFile.DoesNotExist as exc:
        raise Http404 from exc
    return attachment_response(item.file, filename=item.name, content_type=item.content_type)


def _act(request: HttpRequest, pk: int, service: Any, done: str) -> HttpResponse:
    application = _own(request, pk)
    try:
        service(application=application, actor=request.user)
    except ApplicationError as exc:
        return _page(request, _application(request, pk), error=exc.message, status=400)
    messages.success(request, done)
    return redirect("applications:detail", pk=application.pk)


def _review_page(request: HttpRequest, application: Application, *, error: str = "", status: int = 200) -> HttpResponse:
    parts = services.missing_parts(application)
    open_now = application.call.status == Call.Status.PUBLISHED and not services.deadline_passed(application.call)
    reasons = eligibility_for_application(application)
    return render(
        request,
        "applications/review.html",
        {
            "application": application,
            "call": application.call,
            "missing_parts": parts,
            "reasons": reasons,
            "required": requirement_list(application.call),
            "kinds": dict(FileKind.choices),
            "deadline": services.deadline_text(application.call),
            "deadline_passed": services.deadline_passed(application.call),
            "can_submit": open_now
            and not parts
            and not reasons
            and lifecycle.APPLICATION.allows(application.status, Application.Status.SUBMITTED),
            "error": error,
        },
        status=status,
    )


@login_required
@require_GET
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The last step before submitting: everything the application holds, what is still missing, the deadline."""
    return _review_page(request, _own(request, pk))


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """The final submit (from the review page); a refusal is shown there, naming each missing part."""
    application = _own(request, pk)
    try:
        receipt = services.application_submit(application=application, actor=request.user)
    except ApplicationError as exc:
        return _review_page(request, _application(request, pk), error=exc.message, status=400)
    messages.success(
        request,
        _("Your application has been submitted. Reference: %(reference)s. The receipt is also on its way by e-mail.")
        % {"reference": receipt.application.reference},
    )
    return redirect("applications:receipt", pk=application.pk, number=receipt.number)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        services.application_withdraw,
        _("Your application has been withdrawn. You may edit it and submit it again before the deadline."),
    )


@login_required
@require_GET
def receipt(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """A receipt with its manifest, so anyone holding it can recompute the SHA-256."""
    application = _application(request, pk)
    item = get_object_or_404(application.receipts.all(), number=number)
    return render(
        request,
        "applications/receipt.html",
        {
            "application": application,
            "receipt": item,
            "manifest": canonical_json(item.manifest).decode("utf-8"),
            "intact": receipt_is_intact(item),
            "current": receipt_matches_content(item),
            "member": application.pk
            in set(Application.objects.of_supplier_member(request.user).values_list("pk", flat=True)),
        },
    )


@login_required
@require_GET
def receipt_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The receipt as a PDF, for the applicant's members only (lead or partner; 404 for everyone else)."""
    try:
        item = selectors.receipt_for_member(user=request.user, application_id=pk, number=number)
    except SubmissionReceipt.DoesNotExist as exc:
        raise Http404 from exc
    response = HttpResponse(build_receipt_pdf(item), content_type="application/pdf")
    name = item.application.reference or f"application-{pk}"
    response["Content-Disposition"] = f'attachment; filename="receipt-{name}-{number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- the public body -------------------------------------------------------------------


def _officer_call(request: HttpRequest, call_id: int) -> Call:
    call = get_object_or_404(Call.objects.visible_to(request.user).select_related("body"), pk=call_id)
    if not is_officer(request.user, call.body_id):
        raise PermissionDenied
    return call


RECEIVED_PER_PAGE = 50


def _received_page(request: HttpRequest, call: Call, *, error: str = "", status: int = 200) -> HttpResponse:
    opening = selectors.opening_of(call)
    # 50 a page: a call with 500 applications rendered them all (2-4 s); its staff page now answers like any list
    page = Paginator(selectors.received_rows(user=request.user, call=call), RECEIVED_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "applications/received.html",
        {
            "call": call,
            "opening": opening,
            "count": Application.objects.count_known(call),
            "applications": page.object_list,
            "page": page,
            "deadline": services.deadline_text(call),
            "deadline_passed": services.deadline_passed(call),
            "may_open": opening is None and services.may_open(request.user, call) and services.deadline_passed(call),
            # the opener's declaration is shown only until the opening
            "declaration_text": conflicts.declaration_text(call, conflicts.Role.OPENING) if opening is None else "",
            "declared": opening is None and conflicts.has_declared(request.user, call, conflicts.Role.OPENING),
            "error": error,
        },
        status=status,
    )


@login_required
@require_GET
def received(request: HttpRequest, call_id: int) -> HttpResponse:
    """Applications received: the count before the opening; the list, with links, after it."""
    return _received_page(request, _officer_call(request, call_id))


@login_required
@require_POST
def open_applications(request: HttpRequest, call_id: int) -> HttpResponse:
    call = _officer_call(request, call_id)
    try:
        opening = services.applications_open(
            call=call, actor=request.user, declare=request.POST.get("declaration") == "on"
        )
    except ApplicationError as exc:
        return _received_page(request, call, error=exc.message, status=403 if exc.status_code == 403 else 400)
    messages.success(request, _("The applications are open: %(n)s submitted.") % {"n": opening.submitted_count})
    return redirect("applications:received", call_id=call.pk)
