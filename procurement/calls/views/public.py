"""Pages everyone sees: the opportunities list, a call's page, asking, applying, following."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from govtech.accounts.models import Organisation
from govtech.accounts.roles import person, signed_in
from govtech.core.errors import ApplicationError
from govtech.core.pagecache import public_page
from procurement import fragments
from procurement.calls.feeds import followed_calendar_token
from procurement.calls.filters import CALL_PARAMS, CallFilter, status_choices
from procurement.calls.forms import QuestionForm
from procurement.calls.models import Call, CallFollow, Question
from procurement.calls.requirements import requirement_list
from procurement.calls.selectors import call_list, public_questions, questions_of_my_teams, questions_visible_to
from procurement.calls.services import call_follow, call_unfollow, question_ask, question_asker_organisation
from procurement.calls.timeline import call_timeline
from procurement.challenges.models import Challenge
from procurement.challenges.selectors import challenges_found
from procurement.filters import SEARCH_MAX_LENGTH
from procurement.pages import RESULTS_TEMPLATE, page_context


@require_GET
@public_page()
def opportunities(request: HttpRequest) -> HttpResponse:
    """Calls everyone can browse: full-text search, filters, deadline or relevance sort, pagination.

    Without a status filter only open calls (published) are listed."""
    qs = call_list(user=request.user)
    # The page's default is the open calls, shown as the selected choice; "any" lists every state the person
    # can see (closed, awarded, cancelled...), and only those states are offered.
    data = request.GET.copy()
    if not data.get("status"):
        data["status"] = Call.Status.PUBLISHED
    filterset = CallFilter(data, queryset=qs, request=request)
    status = filterset.form.fields["status"]
    status.empty_label = None
    status.choices = status_choices(request.user)  # rebuilt: the widget keeps no empty choice
    context = page_context(request, filterset, cache=fragments.CALLS, results=RESULTS_TEMPLATE)
    params = {k: v for k, v in request.GET.items() if k in CALL_PARAMS and v}
    context["saved_search_params"] = json.dumps(params, sort_keys=True)
    context["has_filters"] = bool(params)
    context["active_filters"] = len([k for k in params if k not in {"q", "ordering"}])
    context["closed_hidden"] = not request.GET.get("status")
    context["query_with_closed"] = _with(request, status=Call.Status.CLOSED)
    context["challenges"], context["challenges_count"] = _matching_challenges(request)
    return render(request, "procurement/opportunities.html", context)


CHALLENGES_SHOWN = 5
PUBLIC_CHALLENGE_STATUSES = [Challenge.Status.PUBLISHED, Challenge.Status.CLOSED]  # as the challenges page


def _with(request: HttpRequest, **changes: str) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


def _matching_challenges(request: HttpRequest) -> tuple[list[Any], int]:
    """With a search, the published challenges it finds (the challenges page's own search), shown with the calls:
    the first ``CHALLENGES_SHOWN``, and how many were found up to one more (more than shown: a link to all)."""
    text = (request.GET.get("q") or "").strip()
    if not text or len(text) > SEARCH_MAX_LENGTH:  # too long: the calls' search says so on the field
        return [], 0
    found = challenges_found(  # one query: one more than shown says "there are more"
        user=request.user, text=text, statuses=PUBLIC_CHALLENGE_STATUSES, limit=CHALLENGES_SHOWN + 1
    )
    return found[:CHALLENGES_SHOWN], len(found)


@require_GET
@login_required
def my_questions(request: HttpRequest) -> HttpResponse:
    """The questions a supplier's team asked across calls, with their state (pending, answered, refused)."""
    questions = list(questions_of_my_teams(request.user)[:200])
    return render(
        request,
        "procurement/my_questions.html",
        {"questions": questions, "breadcrumbs": [(_("Opportunities"), reverse("procurement:opportunities"))]},
    )


def _call_page(
    request: HttpRequest, call: Call, *, question_form: QuestionForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    following = signed_in(user) and CallFollow.objects.filter(call=call, user=user).exists()
    questions_open = call.status == Call.Status.PUBLISHED and timezone.now() <= call.questions_deadline
    suppliers = list(Organisation.objects.suppliers().of_user(user)[:2]) if signed_in(user) else []
    may_ask = questions_open and bool(suppliers)
    return render(
        request,
        "procurement/call_detail.html",
        {
            "call": call,
            "questions": public_questions(call),
            "amendments": call.amendments.all(),
            "following": following,
            "timeline": call_timeline(call, now=timezone.now()),
            "followed_calendar": followed_calendar_token(person(user)) if following else "",
            "questions_open": questions_open,
            "requirements": requirement_list(call),
            # a member of one supplier starts the draft from here; the start page is for choosing among several
            "apply_as": suppliers[0] if len(suppliers) == 1 else None,
            # a refused question is shown with its reason even where the form is no longer offered
            "question_form": question_form or (QuestionForm() if may_ask else None),
            "my_pending": questions_visible_to(call, user).filter(status=Question.Status.PENDING)
            if signed_in(user)
            else [],
        },
        status=status,
    )


@public_page()
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(call_list(user=request.user).select_related("imported_process"), pk=pk)
    return _call_page(request, call)


@login_required
@require_POST
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    """A supplier member asks a clarification question; it is published once the body answers it."""
    call = get_object_or_404(call_list(user=request.user), pk=pk)
    if question_asker_organisation(request.user) is None:  # who may ask, before reading the input
        raise PermissionDenied(_("Only members of a supplier may ask questions."))
    form = QuestionForm(request.POST)
    if not form.is_valid():
        return _call_page(request, call, question_form=form, status=400)
    try:
        question_ask(call=call, actor=request.user, text=form.cleaned_data["text"])
    except ApplicationError as exc:
        form.add_application_error(exc)
        return _call_page(request, call, question_form=form, status=exc.status_code)
    messages.success(request, _("Your question has been sent. Its answer will be published on this page."))
    return redirect(reverse("procurement:call", args=[call.pk]) + "#questions")


def apply(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(call_list(user=request.user), pk=pk)
    return render(request, "procurement/apply.html", {"call": call})


@login_required
@require_POST
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(call_list(user=request.user), pk=pk)
    if request.POST.get("action") == "unfollow":
        call_unfollow(call=call, actor=request.user)
    else:
        call_follow(call=call, actor=request.user)
    return redirect("procurement:call", pk=call.pk)
