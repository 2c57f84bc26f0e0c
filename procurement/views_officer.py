"""Officer pages: the workspace, challenge and call forms, lifecycle buttons, amendments, answers, documents.

Objects are found through ``visible_to`` (drafts of other bodies are 404); acting needs an officer role in the
body (403 otherwise). Every write goes through a service; a refusal is shown on the page, never a 500.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from govtech.accounts.models import Organisation
from govtech.core.errors import ApplicationError
from procurement import documents, lifecycle, services
from procurement.forms import (
    AmendForm,
    AnswerForm,
    CallForm,
    ChallengeForm,
    CriterionFormSet,
    FileForm,
    PhaseFormSet,
    ReasonForm,
    criteria_from,
    phases_from,
)
from procurement.models import Call, CallDocument, Challenge, ChallengeAttachment, PublicBody, Question, body_ids_of
from procurement.similar import similar_challenges
from startups.uploads import attachment_response

S = Call.Status


# --- lookups ---------------------------------------------------------------------------


def _officer_body(request: HttpRequest, body_id: int) -> Organisation:
    body = get_object_or_404(Organisation.objects.public_bodies(), pk=body_id)
    if not services.is_officer(request.user, body.pk):
        raise DjangoPermissionDenied
    return body


def _challenge(request: HttpRequest, pk: int) -> Challenge:
    challenge = get_object_or_404(Challenge.objects.visible_to(request.user).select_related("body"), pk=pk)
    if not services.is_officer(request.user, challenge.body_id):
        raise DjangoPermissionDenied
    return challenge


def _call(request: HttpRequest, pk: int) -> Call:
    call = get_object_or_404(Call.objects.visible_to(request.user).select_related("body", "challenge"), pk=pk)
    if not services.is_officer(request.user, call.body_id):
        raise DjangoPermissionDenied
    return call


def body_zone(body_id: int) -> str:
    """The body's time zone: its dates are entered and shown in it."""
    zone = PublicBody.objects.filter(organisation_id=body_id).values_list("timezone", flat=True).first()
    try:
        zoneinfo.ZoneInfo(zone or "")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return Call._meta.get_field("timezone").default  # type: ignore[return-value]
    return str(zone)


# --- workspace -------------------------------------------------------------------------


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    """For each body the user acts for: its challenges and calls by status, and what needs the user."""
    body_ids = body_ids_of(request.user, services.OFFICER_ROLES)
    if not body_ids and not getattr(request.user, "is_portal_admin", False):
        raise DjangoPermissionDenied
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
        approver = services.is_approver(request.user, body.pk)
        bodies.append({
            "body": body,
            "challenges": list(Challenge.objects.filter(body=body).order_by("status", "-created_at")),
            "calls_by_status": [(label, [c for c in calls if c.status == value]) for value, label in S.choices
                                if any(c.status == value for c in calls)],
            "to_approve": [c for c in calls if c.status == S.IN_APPROVAL] if approver else [],
            "unanswered": [c for c in calls if c.pending],  # type: ignore[attr-defined]
            "approver": approver,
            "verified": body.pk in verified,
        })  # fmt: skip
    return render(request, "procurement/officer/workspace.html", {"bodies": bodies})


# --- challenges ------------------------------------------------------------------------


def _similar_for(challenge: Challenge) -> list[Any]:
    return similar_challenges(challenge, limit=5)


@login_required
@require_http_methods(["GET", "POST"])
def challenge_create(request: HttpRequest, body_id: int) -> HttpResponse:
    body = _officer_body(request, body_id)
    form = ChallengeForm(request.POST or None, initial={"language": request.LANGUAGE_CODE[:2]})
    similar: list[Any] | None = None
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "similar":  # look before saving: nothing is written
            similar = _similar_for(Challenge(body=body, **form.to_service()))
        else:
            try:
                challenge = services.challenge_create(body=body, actor=request.user, **form.to_service())
            except ApplicationError as exc:
                form.add_application_error(exc)
            else:
                messages.success(request, _("The challenge has been saved as a draft."))
                return redirect("procurement:officer_challenge", pk=challenge.pk)
    return render(request, "procurement/officer/challenge_form.html",
                  {"form": form, "body": body, "challenge": None, "similar": similar},
                  status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def challenge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = _challenge(request, pk)
    if challenge.status != Challenge.Status.DRAFT:
        messages.error(request, _("Only draft challenges can be edited."))
        return redirect("procurement:officer_challenge", pk=challenge.pk)
    form = ChallengeForm(request.POST or None, initial=ChallengeForm.initial_from(challenge))
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_update(challenge=challenge, actor=request.user, **form.to_service())
        except ApplicationError as exc:
            form.add_application_error(exc)
        else:
            messages.success(request, _("The challenge has been saved."))
            return redirect("procurement:officer_challenge", pk=challenge.pk)
    return render(request, "procurement/officer/challenge_form.html",
                  {"form": form, "body": challenge.body, "challenge": challenge,
                   "similar": _similar_for(challenge)},
                  status=400 if form.errors else 200)  # fmt: skip


CHALLENGE_ACTIONS: dict[str, tuple[str, Any]] = {
    "publish": (Challenge.Status.PUBLISHED, gettext_lazy("Publish")),
    "close": (Challenge.Status.CLOSED, gettext_lazy("Close")),
    "archive": (Challenge.Status.ARCHIVED, gettext_lazy("Archive")),
}


def _challenge_page(request: HttpRequest, challenge: Challenge, *, file_form: FileForm | None = None,
                    error: str = "", status: int = 200) -> HttpResponse:  # fmt: skip
    allowed = Challenge.TRANSITIONS.get(challenge.status, set())
    actions = [(name, label) for name, (to, label) in CHALLENGE_ACTIONS.items() if to in allowed]
    return render(request, "procurement/officer/challenge.html", {
        "challenge": challenge, "actions": actions, "file_form": file_form or FileForm(), "error": error,
        "attachments": challenge.attachments.all(), "calls": challenge.calls.all(),
        "similar": _similar_for(challenge),
    }, status=status)  # fmt: skip


@login_required
def challenge_manage(request: HttpRequest, pk: int) -> HttpResponse:
    return _challenge_page(request, _challenge(request, pk))


@login_required
@require_POST
def challenge_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    challenge = _challenge(request, pk)
    if action not in CHALLENGE_ACTIONS:
        return _challenge_page(request, challenge, error=_("Unknown action."), status=400)
    try:
        services.challenge_transition(challenge=challenge, to=CHALLENGE_ACTIONS[action][0], actor=request.user)
    except ApplicationError as exc:
        return _challenge_page(request, challenge, error=exc.message, status=exc.status_code)
    messages.success(request, _("The challenge is now “%(status)s”.") % {"status": _status_label(challenge)})
    return redirect("procurement:officer_challenge", pk=challenge.pk)


def _status_label(obj: Challenge | Call) -> str:
    obj.refresh_from_db(fields=["status"])
    return str(obj.get_status_display())  # type: ignore[union-attr]


@login_required
@require_POST
def challenge_attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = _challenge(request, pk)
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            documents.challenge_attachment_add(challenge=challenge, actor=request.user,
                                               upload=form.cleaned_data["file"], title=form.cleaned_data["title"])  # fmt: skip
        except ApplicationError as exc:
            form.add_application_error(exc)
        else:
            messages.success(request, _("The file has been attached."))
            return redirect("procurement:officer_challenge", pk=challenge.pk)
    return _challenge_page(request, challenge, file_form=form, status=400)


def challenge_attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponseBase:
    """Anyone who may see the challenge may download its files (drafts: the body's members only)."""
    challenge = get_object_or_404(Challenge.objects.visible_to(request.user), pk=pk)
    item = get_object_or_404(ChallengeAttachment, pk=attachment_id, challenge=challenge)
    return attachment_response(item.file, filename=item.original_name or item.title, content_type=item.content_type)


# --- calls: forms ----------------------------------------------------------------------


def _phase_initial(call: Call | None) -> list[dict[str, Any]]:
    return list(call.phases) if call else []


def _call_form_page(request: HttpRequest, *, body: Organisation, call: Call | None) -> HttpResponse:
    zone = body_zone(body.pk)
    challenges = Challenge.objects.filter(body=body).exclude(status=Challenge.Status.ARCHIVED).order_by("title")
    with timezone.override(zoneinfo.ZoneInfo(zone)):  # dates are typed and shown in the body's zone
        post = request.POST if request.method == "POST" else None
        initial = CallForm.initial_from(call) if call else {"language": request.LANGUAGE_CODE[:2],
                                                            "challenge": request.GET.get("challenge")}  # fmt: skip
        form = CallForm(post, initial=initial, challenges=challenges, zone=zone)
        phases = PhaseFormSet(post, prefix="phases", initial=_phase_initial(call))
        criteria = CriterionFormSet(post, prefix="criteria", initial=list(call.criteria) if call else [])
        extra_errors: dict[str, str] = {}
        if post is not None and all([form.is_valid(), phases.is_valid(), criteria.is_valid()]):
            data = form.to_service() | {"phases": phases_from(phases), "criteria": criteria_from(criteria),
                                        "timezone": zone}  # fmt: skip
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
        return render(request, "procurement/officer/call_form.html", {
            "form": form, "phases": phases, "criteria": criteria, "extra_errors": extra_errors, "body": body,
            "call": call, "zone": zone,
        }, status=400 if post is not None and has_errors else 200)  # fmt: skip


def _call_update(call: Call, actor: Any, data: dict[str, Any]) -> None:
    challenge_id = data.pop("challenge_id", None)
    if challenge_id and not Challenge.objects.filter(pk=challenge_id, body_id=call.body_id).exists():
        raise ApplicationError(_("The challenge belongs to another body."), field="challenge")
    services.call_update(call=call, actor=actor, challenge_id=challenge_id, **data)


@login_required
@require_http_methods(["GET", "POST"])
def call_create(request: HttpRequest, body_id: int) -> HttpResponse:
    return _call_form_page(request, body=_officer_body(request, body_id), call=None)


@login_required
@require_http_methods(["GET", "POST"])
def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    if call.status != S.DRAFT:
        messages.error(request, _("Only drafts can be edited; amend a published call instead."))
        return redirect("procurement:officer_call", pk=call.pk)
    return _call_form_page(request, body=call.body, call=call)


# --- calls: the officer's page and the lifecycle buttons -------------------------------


@dataclass(frozen=True)
class Action:
    name: str
    target: str
    label: Any
    service: Callable[..., Any]
    approver_only: bool = False
    reason: str = ""  # "" no reason, "required" or "optional"
    warning: bool = False


ACTIONS = {a.name: a for a in [
    Action("submit", S.IN_APPROVAL, gettext_lazy("Submit for approval"), services.call_submit_for_approval),
    Action("return", S.DRAFT, gettext_lazy("Return to draft"), services.call_return_to_draft, True, "required"),
    Action("approve", S.PUBLISHED, gettext_lazy("Approve and publish"), services.call_approve, True),
    Action("close", S.CLOSED, gettext_lazy("Close for submissions"), services.call_close),
    Action("start_evaluation", S.IN_EVALUATION, gettext_lazy("Start evaluation"), services.call_start_evaluation),
    Action("award", S.AWARDED, gettext_lazy("Award"), services.call_award, True),
    Action("unsuccessful", S.UNSUCCESSFUL, gettext_lazy("Declare unsuccessful"), services.call_declare_unsuccessful,
           True, "optional"),
    Action("cancel", S.CANCELLED, gettext_lazy("Cancel the call"), services.call_cancel, False, "required", True),
]}  # fmt: skip


def available_actions(call: Call, user: Any) -> list[Action]:
    """The buttons to show: allowed by the lifecycle table and by the user's role."""
    approver = services.is_approver(user, call.body_id)
    return [a for a in ACTIONS.values()
            if lifecycle.is_allowed(call.status, a.target) and (approver or not a.approver_only)
            and not (a.name == "start_evaluation" and call.status != S.CLOSED)]  # fmt: skip


def _call_page(request: HttpRequest, call: Call, *, error: str = "", status: int = 200,
               file_form: FileForm | None = None) -> HttpResponse:  # fmt: skip
    return render(request, "procurement/officer/call.html", {
        "call": call, "actions": available_actions(call, request.user), "error": error,
        "zone": call.timezone, "documents": call.documents.select_related("amendment", "replaces"),
        "pending": call.questions.filter(status=Question.Status.PENDING).select_related("supplier"),
        "dealt": call.questions.exclude(status=Question.Status.PENDING),
        "amendments": call.amendments.all(), "file_form": file_form or FileForm(), "answer_form": AnswerForm(),
        "reason_form": ReasonForm(),
    }, status=status)  # fmt: skip


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
    messages.success(request, _("The call is now “%(status)s”.") % {"status": _status_label(call)})
    return redirect("procurement:officer_call", pk=call.pk)


@login_required
@require_POST
def call_document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            documents.call_document_add(call=call, actor=request.user, upload=form.cleaned_data["file"],
                                        title=form.cleaned_data["title"])  # fmt: skip
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
                new_docs.append(documents.NewDocument(title=data["document_title"], upload=data["document"],
                                                      replaces=data.get("replaces")))  # fmt: skip
            try:
                amendment = documents.call_amend_with_documents(call=call, actor=request.user, reason=data["reason"],
                                                                documents=new_docs, **form.changes())  # fmt: skip
            except ApplicationError as exc:
                if exc.field == "file":
                    exc.field = "document"
                form.add_application_error(exc)
            else:
                messages.success(request, _("Amendment %(number)s is published.") % {"number": amendment.number})
                return redirect("procurement:officer_call", pk=call.pk)
        return render(request, "procurement/officer/amend.html", {"form": form, "call": call, "zone": zone},
                      status=400 if form.errors else 200)  # fmt: skip


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
        services.question_answer(question=question, actor=request.user, answer=form.cleaned_data["answer"],
                                 reject=request.POST.get("decision") == "reject")  # fmt: skip
    except ApplicationError as exc:
        return _call_page(request, call, error=exc.message, status=exc.status_code)
    messages.success(request, _("The answer is published.") if question.status == Question.Status.ANSWERED
                     else _("The question has been rejected as out of scope."))  # fmt: skip
    return redirect(reverse("procurement:officer_call", args=[call.pk]) + "#questions")
