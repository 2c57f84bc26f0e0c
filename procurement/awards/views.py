"""Pages of the award side: public awards, the approver's decision, the report, the supplier's debrief,
complaints for both parties, and the contract follow-up.

Objects come from the visibility selectors (hidden → 404); acting needs the role (403 otherwise); every write goes
through a service and a refusal is shown on the page with its status, never a 500.
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
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from govtech.core.errors import ApplicationError
from govtech.core.uploads import attachment_response
from procurement import conflicts
from procurement.applications.models import Application, CallOpening
from procurement.awards import selectors, services
from procurement.awards.filters import AwardFilter
from procurement.awards.forms import (
    ComplaintAnswerForm,
    ComplaintForm,
    ContractForm,
    DecisionForm,
    MilestoneForm,
    MilestoneStatusForm,
)
from procurement.awards.models import Award, Complaint, ComplaintDocument, Decision, Milestone
from procurement.calls.models import Call

PAGE_SIZE = 20


# --- public ----------------------------------------------------------------------------


@require_GET
def public_awards(request: HttpRequest) -> HttpResponse:
    """Who won what, for how much, when: every award of a decision in force."""
    filterset = AwardFilter(request.GET, queryset=selectors.public_awards())
    qs = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "awards/public_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
        status=200 if filterset.is_valid() else 400,
    )


# --- the decision ----------------------------------------------------------------------


AWARD_FIELDS_SHOWN = 20
RANKING_ROWS_PER_PAGE = 50  # the ranking table in pages, as on the evaluation board


def _decision_page(
    request: HttpRequest, call: Call, form: DecisionForm | None, *, status: int = 200, error: str = ""
) -> HttpResponse:
    phase = selectors.next_phase(call)
    candidates = list(selectors.candidates_named(call, phase)) if phase else []
    rows = selectors.decision_ranking(call, candidates)
    # Each candidate's award fields in ranking order; with hundreds of applicants only the best-ranked ones' unless
    # asked (``?all=1``) or the form comes back with errors: 1,500 widgets took seconds to build and render.
    place = {row.application_id: i for i, row in enumerate(rows)}
    ordered = sorted(candidates, key=lambda a: (place.get(a.pk, len(place)), a.pk))
    show_all = (form is not None and form.is_bound) or request.GET.get("all") == "1"
    if form is None:
        shown = None if show_all else ordered[:AWARD_FIELDS_SHOWN]
        form = DecisionForm(candidates=candidates, currency=call.currency, shown=shown)
    _declaration_field(request, form, call, conflicts.Role.DECIDING)
    award_rows = sorted(form.rows(), key=lambda r: (place.get(r[0].pk, len(place)), r[0].pk))
    hidden = 0 if show_all else max(0, len(candidates) - AWARD_FIELDS_SHOWN)
    page = Paginator(rows, RANKING_ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "awards/decide.html",
        {
            "call": call,
            "phase": phase,
            "rows": page.object_list,
            "page": page,
            "award_rows": award_rows if show_all else award_rows[:AWARD_FIELDS_SHOWN],
            "award_rows_hidden": hidden,
            "award_rows_shown": AWARD_FIELDS_SHOWN,
            "form": form,
            "error": error,
            "opened": CallOpening.objects.filter(call=call).exists(),
            "waits_for_approver": conflicts.all_approvers_conflicted(call),
            "decisions": Decision.objects.filter(call=call).order_by("decided_at"),
        },
        status=status,
    )


def _declaration_field(request: HttpRequest, form: Any, call: Call, role: str) -> None:
    """The form's declaration checkbox shows the text to sign; once signed, the checkbox goes."""
    if "declaration" not in form.fields:
        return
    if conflicts.has_declared(request.user, call, role):
        del form.fields["declaration"]
    elif CallOpening.objects.filter(call=call).exists():
        form.fields["declaration"].help_text = conflicts.declaration_text(call, role)


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The approver's page: the ranking of the phase to decide and the decision form."""
    call = get_object_or_404(Call.objects.visible_to(request.user).select_related("body"), pk=pk)
    if not selectors.is_decider(request.user, call.body_id):
        raise PermissionDenied
    if request.method == "GET":
        return _decision_page(request, call, None)
    phase = selectors.next_phase(call)
    candidates = list(selectors.candidates_named(call, phase)) if phase else []
    form = DecisionForm(request.POST, candidates=candidates, currency=call.currency)
    if form.is_valid():
        lines = form.lines() if form.cleaned_data["outcome"] == Decision.Outcome.AWARDED else []
        if not form.errors:
            try:
                decision = services.decision_take(
                    call=call,
                    actor=request.user,
                    outcome=form.cleaned_data["outcome"],
                    justification=form.cleaned_data["justification"],
                    awards=lines,
                    budget_exception=form.cleaned_data.get("budget_exception", ""),
                    declare=bool(form.cleaned_data.get("declaration")),
                )
            except ApplicationError as exc:
                if exc.field in ("amount", "currency"):
                    exc.field = None
                form.add_application_error(exc)
                return _decision_page(request, call, form, status=exc.status_code)
            messages.success(request, _("The decision is recorded and every applicant has been told."))
            return redirect("awards:decision", pk=decision.pk)
    return _decision_page(request, call, form, status=400)


@login_required
@require_GET
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(selectors.decisions_visible_to(request.user), pk=pk)
    return render(
        request,
        "awards/decision.html",
        {
            "decision": decision,
            "call": decision.call,
            "awards": decision.awards.select_related("application__supplier"),
            "complaints": decision.complaints.select_related("application__supplier"),
            "standstill_running": decision.standstill_running(timezone.now()),
        },
    )


@login_required
@require_GET
def decision_report(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The evaluation report PDF: the body's officers and approvers, auditors (404 for everyone else)."""
    decision = get_object_or_404(selectors.decisions_visible_to(request.user), pk=pk)
    response = attachment_response(
        decision.report,
        filename=f"evaluation-report-{decision.call_id}-{decision.pk}.pdf",
        content_type="application/pdf",
    )
    response["X-Report-SHA256"] = decision.report_sha256
    return response


# --- the supplier's debrief and complaint ----------------------------------------------


def _own_application(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(
        selectors.supplier_application_ids(request.user).select_related("call__body", "supplier"), pk=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def debrief(request: HttpRequest, pk: int) -> HttpResponse:
    """The outcome of one's own application, its scores and the evaluators' comments; a complaint during the
    standstill period."""
    application = _own_application(request, pk)
    report = selectors.debrief(application)
    if report.decision is None:
        raise Http404
    complaint = Complaint.objects.filter(decision=report.decision, application=application).first()
    running = report.decision.standstill_running(timezone.now())
    form = ComplaintForm(request.POST or None, request.FILES or None) if running and complaint is None else None
    status = 200
    if request.method == "POST":
        if form is None:
            messages.error(request, _("Complaints are only accepted during the standstill period."))
            return redirect("awards:debrief", pk=application.pk)
        if form.is_valid():
            try:
                complaint = services.complaint_file(
                    application=application,
                    actor=request.user,
                    grounds=form.cleaned_data["grounds"],
                    documents=form.cleaned_data["documents"],
                )
            except ApplicationError as exc:
                form.add_application_error(exc)
                status = exc.status_code
            else:
                messages.success(request, _("Your complaint has been filed. The public body will answer it."))
                return redirect("awards:complaint", pk=complaint.pk)
        else:
            status = 400
    return render(
        request,
        "awards/debrief.html",
        {"report": report, "application": application, "form": form, "complaint": complaint, "running": running},
        status=status,
    )


# --- complaints ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Both parties read it; the body's officers and approvers answer it."""
    complaint = get_object_or_404(selectors.complaints_visible_to(request.user), pk=pk)
    body_staff = selectors.is_body_staff(request.user, complaint.decision.call.body_id)
    form = None
    if body_staff and complaint.status == Complaint.Status.FILED:
        form = ComplaintAnswerForm(request.POST or None)
        _declaration_field(request, form, complaint.decision.call, conflicts.Role.COMPLAINT)
    status = 200
    if request.method == "POST":
        if not body_staff:
            raise PermissionDenied
        if form is None:
            messages.error(request, _("This complaint has already been answered."))
            return redirect("awards:complaint", pk=complaint.pk)
        if form.is_valid():
            try:
                services.complaint_answer(
                    complaint=complaint,
                    actor=request.user,
                    uphold=form.cleaned_data["answer"] == "uphold",
                    response=form.cleaned_data["response"],
                    declare=bool(form.cleaned_data.get("declaration")),
                )
            except ApplicationError as exc:
                form.add_application_error(exc)
                status = exc.status_code
            else:
                messages.success(request, _("The complaint has been answered."))
                return redirect("awards:complaint", pk=complaint.pk)
        else:
            status = 400
    return render(
        request,
        "awards/complaint.html",
        {"complaint": complaint, "form": form, "body_staff": body_staff, "documents": complaint.documents.all()},
        status=status,
    )


@login_required
@require_GET
def complaint_document(request: HttpRequest, pk: int, document_id: int) -> HttpResponseBase:
    complaint = get_object_or_404(selectors.complaints_visible_to(request.user), pk=pk)
    item = get_object_or_404(ComplaintDocument, pk=document_id, complaint=complaint)
    return attachment_response(item.file, filename=item.name, content_type=item.content_type)


# --- contract follow-up ----------------------------------------------------------------


def _award_page(
    request: HttpRequest,
    award: Award,
    *,
    status: int = 200,
    contract_form: Any = None,
    milestone_form: Any = None,
    error: str = "",
) -> HttpResponse:
    body_staff = selectors.is_body_staff(request.user, award.decision.call.body_id)
    return render(
        request,
        "awards/award.html",
        {
            "award": award,
            "call": award.decision.call,
            "decision": award.decision,
            "body_staff": body_staff,
            "milestones": award.milestones.all(),
            "contract_form": contract_form or ContractForm(),
            "milestone_form": milestone_form or MilestoneForm(),
            "status_form": MilestoneStatusForm(),
            "error": error,
            "standstill_running": award.decision.standstill_running(timezone.now()),
            "pilot": award.decision.call.instrument in services.PILOT_INSTRUMENTS,
            "moves": services.MILESTONE_MOVES,
        },
        status=status,
    )


def _followed_award(request: HttpRequest, pk: int) -> Award:
    return get_object_or_404(
        selectors.awards_followed_by(request.user).select_related("decision__call__body", "application__supplier"),
        pk=pk,
    )


@login_required
@require_GET
def award_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The contract and its milestones: the body manages them, the awarded supplier sees them."""
    return _award_page(request, _followed_award(request, pk))


@login_required
@require_POST
def award_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    award = _followed_award(request, pk)
    if not selectors.is_body_staff(request.user, award.decision.call.body_id):
        raise PermissionDenied
    contract_form = milestone_form = None
    try:
        if action == "sign":
            contract_form = ContractForm(request.POST)
            if not contract_form.is_valid():
                return _award_page(request, award, contract_form=contract_form, status=400)
            services.award_sign_contract(
                award=award, actor=request.user, signed_on=contract_form.cleaned_data.get("signed_on")
            )
            messages.success(request, _("The signature of the contract is recorded."))
        elif action == "became-contract":
            services.award_mark_became_contract(award=award, actor=request.user)
            messages.success(request, _("The pilot is recorded as having become a contract."))
        elif action == "milestone":
            milestone_form = MilestoneForm(request.POST)
            if not milestone_form.is_valid():
                return _award_page(request, award, milestone_form=milestone_form, status=400)
            services.milestone_add(
                award=award,
                actor=request.user,
                name=milestone_form.cleaned_data["name"],
                due_date=milestone_form.cleaned_data["due_date"],
            )
            messages.success(request, _("The milestone has been added."))
        else:
            return _award_page(request, award, error=_("Unknown action."), status=400)
    except ApplicationError as exc:
        award.refresh_from_db()
        return _award_page(
            request,
            award,
            contract_form=contract_form,
            milestone_form=milestone_form,
            error=exc.message,
            status=exc.status_code,
        )
    return redirect("awards:award", pk=award.pk)


@login_required
@require_POST
def milestone_status(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = get_object_or_404(
        Milestone.objects.filter(award__in=selectors.awards_followed_by(request.user)).select_related("award"), pk=pk
    )
    award = _followed_award(request, milestone.award_id)
    if not selectors.is_body_staff(request.user, award.decision.call.body_id):
        raise PermissionDenied
    form = MilestoneStatusForm(request.POST)
    if not form.is_valid():
        return _award_page(request, award, error=_("Choose a status from the list."), status=400)
    try:
        services.milestone_set_status(milestone=milestone, actor=request.user, status=form.cleaned_data["status"])
    except ApplicationError as exc:
        return _award_page(request, award, error=exc.message, status=exc.status_code)
    messages.success(request, _("The milestone is updated."))
    return redirect("awards:award", pk=award.pk)
