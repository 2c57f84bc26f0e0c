"""The officer's pages for calls: the workspace, the call form, lifecycle buttons, amendments, answers, documents."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.forms.formsets import BaseFormSet
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from govtech.accounts.models import Organisation
from govtech.accounts.roles import Actor, public_body_ids
from govtech.core.errors import ApplicationError
from govtech.core.uploads import attachment_response
from procurement.bodies.models import PublicBody
from procurement.bodies.permissions import APPROVER_ROLES, OFFICER_ROLES, is_approver, is_officer
from procurement.bodies.selectors import approver_names, body_zone
from procurement.bodies.views import officer_body
from procurement.calls import services
from procurement.calls.documents import NewDocument, call_amend_with_documents, call_document_add
from procurement.calls.forms import (
    AmendForm,
    AnswerForm,
    CallForm,
    CriterionFormSet,
    PhaseFormSet,
    criteria_from,
    phases_from,
)
from procurement.calls.lifecycle import CALL
from procurement.calls.models import Call, CallDocument, Question
from procurement.calls.services import (
    call_approve,
    call_cancel,
    call_close,
    call_declare_unsuccessful,
    call_return_to_draft,
    call_start_evaluation,
    call_submit_for_approval,
    call_update,
)
from procurement.challenges.models import Challenge
from procurement.forms import FileForm, ReasonForm
from procurement.pages import status_label

S = Call.Status


def _call(request: HttpRequest, pk: int) -> Call:
    call = get_object_or_404(Call.objects.visible_to(request.user).select_related("body", "challenge"), pk=pk)
    if not is_officer(request.user, call.body_id):
        raise PermissionDenied
    return call


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    """For each body the user acts for: its challenges and calls by status, and what needs the user."""
    body_ids = public_body_ids(request.user, OFFICER_ROLES)
    if not body_ids:  # site roles, admin included, act for no body
        raise PermissionDenied
    bodies = []
    verified = set(
        PublicBody.objects.verified().filter(organisation_id__in=body_ids).values_list("organisation_id", flat=True)
    )
    for body in Organisation.objects.filter(pk__in=body_ids).order_by("name"):
        calls = list(
            Call.objects.filter(body=body)
            .annotate(pending=Count("questions", filter=Q(questions__status=Question.Status.PENDING)))
            .order_by("submission_deadline", "pk")
        )
        approver = is_approver(request.user, body.pk)
        bodies.append(
            {
                "body": body,
                "challenges": list(Challenge.objects.filter(body=body).order_by("status", "-created_at")),
                "calls_by_status": [
                    (label, [c for c in calls if c.status == value])
                    for value, label in S.choices
                    if any(c.status == value for c in calls)
                ],
                "to_approve": [c for c in calls if c.status == S.IN_APPROVAL] if approver else [],
                "unanswered": [c for c in calls if c.pending],
                "approver": approver,
                "verified": body.pk in verified,
            }
        )
    return render(request, "procurement/officer/workspace.html", {"bodies": bodies})


def _phase_initial(call: Call | None) -> list[dict[str, Any]]:
    return list(call.phases) if call else []


def _with_one_more_row(post: QueryDict, prefix: str) -> QueryDict:
    data = post.copy()
    key = f"{prefix}-TOTAL_FORMS"
    limit = (PhaseFormSet if prefix == "phases" else CriterionFormSet).max_num
    try:
        total = int(data.get(key) or 0)
    except ValueError:
        total = 0
    data[key] = str(min(total + 1, limit))
    return data


def _without_errors(*forms_and_formsets: Any) -> None:
    """Show a bound form again as typed, without validating it (an "add a row" round trip is not a submission)."""
    for item in forms_and_formsets:
        if isinstance(item, BaseFormSet):
            item._non_form_errors = item.error_class()  # type: ignore[attr-defined]
            for row in item.forms:
                row._errors = ErrorDict()
            item._errors = [row._errors for row in item.forms]  # type: ignore[attr-defined]
        else:
            item._errors = ErrorDict()


def _call_form_page(request: HttpRequest, *, body: Organisation, call: Call | None) -> HttpResponse:
    zone = body_zone(body.pk)
    challenges = Challenge.objects.filter(body=body).exclude(status=Challenge.Status.ARCHIVED).order_by("title")
    with timezone.override(zoneinfo.ZoneInfo(zone)):  # dates are typed and shown in the body's zone
        post: QueryDict | None = request.POST if request.method == "POST" else None
        # "Add another row" (works without JavaScript): the same form back with one more phase or criterion row
        add_row = post.get("add_row") if post is not None else None
        if add_row in {"phases", "criteria"} and post is not None:
            post = _with_one_more_row(post, add_row)
        initial = (
            CallForm.initial_from(call)
            if call
            else {"language": request.LANGUAGE_CODE[:2], "challenge": request.GET.get("challenge")}
        )
        form = CallForm(post, initial=initial, challenges=challenges, zone=zone)
        phases = PhaseFormSet(post, prefix="phases", initial=_phase_initial(call))
        criteria = CriterionFormSet(post, prefix="criteria", initial=list(call.criteria) if call else [])
        extra_errors: dict[str, str] = {}
        if add_row in {"phases", "criteria"}:
            _without_errors(form, phases, criteria)  # nothing was submitted yet: keep what was typed, no errors
            post = None
        if post is not None and all([form.is_valid(), phases.is_valid(), criteria.is_valid()]):
            data = form.to_service() | {
                "phases": phases_from(phases),
                "criteria": criteria_from(criteria),
                "timezone": zone,
            }
            challenge_id = form.cleaned_data.get("challenge")
            try:
                if call is None:
                    challenge = Challenge.objects.filter(pk=challenge_id, body=body).first() if challenge_id else None
                    call = services.call_create(body=body, actor=request.user, challenge=challenge, **data)
                else:
                    data["challenge_id"] = challenge_id
                    _call_update(call, request.user, data)
            except ApplicationError as exc:
                if exc.field in {"phases", "criteria"}:
                    extra_errors[exc.field] = exc.message
                else:
                    form.add_application_error(exc)
            else:
                messages.success(request, _("The call has been saved as a draft."))
                return redirect("procurement:officer_call", pk=call.pk)
        has_errors = bool(form.errors or extra_errors or phases.total_error_count() or criteria.total_error_count())
        return render(
            request,
            "procurement/officer/call_form.html",
            {
                "form": form,
                "phases": phases,
                "criteria": criteria,
                "extra_errors": extra_errors,
                "body": body,
                "call": call,
                "zone": zone,
            },
            status=400 if post is not None and has_errors else 200,
        )


def _call_update(call: Call, actor: Actor, data: dict[str, Any]) -> None:
    challenge_id = data.pop("challenge_id", None)
    if challenge_id and not Challenge.objects.filter(pk=challenge_id, body_id=call.body_id).exists():
        raise ApplicationError(_("The challenge belongs to another body."), field="challenge")
    call_update(call=call, actor=actor, challenge_id=challenge_id, **data)


@login_required
@require_http_methods(["GET", "POST"])
def call_create(request: HttpRequest, body_id: int) -> HttpResponse:
    return _call_form_page(request, body=officer_body(request, body_id), call=None)


@login_required
@require_http_methods(["GET", "POST"])
def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    if call.status != S.DRAFT:
        messages.error(request, _("Only drafts can be edited; amend a published call instead."))
        return redirect("procurement:officer_call", pk=call.pk)
    return _call_form_page(request, body=call.body, call=call)


@dataclass(frozen=True)
class Action:
    name: str
    target: str
    label: Any
    service: Callable[..., Any]
    approver_only: bool = False
    reason: str = ""  # "" no reason, "required" or "optional"
    warning: bool = False


ACTIONS = {
    a.name: a
    for a in [
        Action("submit", S.IN_APPROVAL, gettext_lazy("Submit for approval"), call_submit_for_approval),
        Action("return", S.DRAFT, gettext_lazy("Return to draft"), call_return_to_draft, True, "required"),
        Action("approve", S.PUBLISHED, gettext_lazy("Approve and publish"), call_approve, True),
        Action("close", S.CLOSED, gettext_lazy("Close for submissions"), call_close),
        Action("start_evaluation", S.IN_EVALUATION, gettext_lazy("Start evaluation"), call_start_evaluation),
        Action(
            "unsuccessful",
            S.UNSUCCESSFUL,
            gettext_lazy("Declare unsuccessful"),
            call_declare_unsuccessful,
            True,
            "optional",
        ),
        Action("cancel", S.CANCELLED, gettext_lazy("Cancel the call"), call_cancel, False, "required", True),
    ]
}


def available_actions(call: Call, user: Actor) -> list[Action]:
    """The buttons to show: allowed by the lifecycle table and by the user's role."""
    approver = is_approver(user, call.body_id)
    return [
        a
        for a in ACTIONS.values()
        if CALL.allows(call.status, a.target)
        and (approver or not a.approver_only)
        and not (a.name == "start_evaluation" and call.status != S.CLOSED)
        # the deadline holds: no early close is offered (the sweeper closes at the deadline; cancel instead)
        and not (a.name == "close" and timezone.now() < call.submission_deadline)
    ]


def _call_page(
    request: HttpRequest, call: Call, *, error: str = "", status: int = 200, file_form: FileForm | None = None
) -> HttpResponse:
    return render(
        request,
        "procurement/officer/call.html",
        {
            "call": call,
            "actions": available_actions(call, request.user),
            "error": error,
            "zone": call.timezone,
            "documents": call.documents.select_related("amendment", "replaces"),
            "pending": call.questions.filter(status=Question.Status.PENDING).select_related("supplier"),
            "dealt": call.questions.exclude(status=Question.Status.PENDING),
            "amendments": call.amendments.all(),
            "file_form": file_form or FileForm(),
            "answer_form": AnswerForm(),
            "reason_form": ReasonForm(),
            # the decision pages are the approvers': others get a hint with their names instead of a 403
            "may_decide": call.body_id in public_body_ids(request.user, APPROVER_ROLES),
            "approver_names": approver_names(call.body_id),
        },
        status=status,
    )


@login_required
def call_manage(request: HttpRequest, pk: int) -> HttpResponse:
    return _call_page(request, _call(request, pk))


@login_required
@require_POST
def call_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    call = _call(request, pk)
    chosen = ACTIONS.get(action)
    if chosen is None:
        return _call_page(request, call, error=_("Unknown action."), status=400)
    extra: dict[str, Any] = {}
    if chosen.reason:
        extra["reason"] = request.POST.get("reason", "").strip()
    try:
        chosen.service(call=call, actor=request.user, **extra)
    except ApplicationError as exc:
        call.refresh_from_db()
        return _call_page(request, call, error=exc.message, status=exc.status_code)
    messages.success(request, _("The call's status is now: %(status)s.") % {"status": status_label(call)})
    return redirect("procurement:officer_call", pk=call.pk)


@login_required
@require_POST
def call_document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            call_document_add(
                call=call, actor=request.user, upload=form.cleaned_data["file"], title=form.cleaned_data["title"]
            )
        except ApplicationError as exc:
            form.add_application_error(exc)
        else:
            messages.success(request, _("The document has been added."))
            return redirect("procurement:officer_call", pk=call.pk)
    return _call_page(request, call, file_form=form, status=400)


def call_document_download(request: HttpRequest, pk: int, document_id: int) -> HttpResponseBase:
    """Documents of public calls are public; a draft's documents only for the body's members (404 otherwise)."""
    call = get_object_or_404(Call.objects.visible_to(request.user), pk=pk)
    item = get_object_or_404(CallDocument, pk=document_id, call=call)
    return attachment_response(item.file, filename=item.original_name or item.title, content_type=item.content_type)


@login_required
@require_http_methods(["GET", "POST"])
def call_amend(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    if call.status != S.PUBLISHED:
        messages.error(request, _("Only published calls can be amended."))
        return redirect("procurement:officer_call", pk=call.pk)
    zone = call.timezone or body_zone(call.body_id)
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        initial = {name: getattr(call, name) for name in AmendForm.DATE_FIELDS}
        form = AmendForm(request.POST or None, request.FILES or None, initial=initial, call=call, zone=zone)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            new_docs = []
            if data.get("document"):
                new_docs.append(
                    NewDocument(title=data["document_title"], upload=data["document"], replaces=data.get("replaces"))
                )
            try:
                amendment = call_amend_with_documents(
                    call=call, actor=request.user, reason=data["reason"], documents=new_docs, **form.changes()
                )
            except ApplicationError as exc:
                if exc.field == "file":
                    exc.field = "document"
                form.add_application_error(exc)
            else:
                messages.success(request, _("Amendment %(number)s is published.") % {"number": amendment.number})
                return redirect("procurement:officer_call", pk=call.pk)
        return render(
            request,
            "procurement/officer/amend.html",
            {"form": form, "call": call, "zone": zone},
            status=400 if form.errors else 200,
        )


@login_required
@require_POST
def question_answer(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(
        Question.objects.filter(call__in=Call.objects.visible_to(request.user)).select_related("call"), pk=pk
    )
    call = _call(request, question.call_id)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _call_page(request, call, error=_("Write the answer or the reason."), status=400)
    try:
        services.question_answer(
            question=question,
            actor=request.user,
            answer=form.cleaned_data["answer"],
            reject=request.POST.get("decision") == "reject",
        )
    except ApplicationError as exc:
        return _call_page(request, call, error=exc.message, status=exc.status_code)
    messages.success(
        request,
        _("The answer is published.")
        if question.status == Question.Status.ANSWERED
        else _("The question has been rejected as out of scope."),
    )
    return redirect(reverse("procurement:officer_call", args=[call.pk]) + "#questions")
