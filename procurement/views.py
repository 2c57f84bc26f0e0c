"""Pages: browse and search calls and challenges, a call's page, the apply entry point, follow/unfollow."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from govtech.accounts.models import Organisation
from govtech.core import fragments as core_fragments
from govtech.core.errors import ApplicationError
from govtech.core.pagecache import public_page
from procurement import feeds, fragments, selectors, services
from procurement.filters import CALL_PARAMS, CallFilter, ChallengeFilter
from procurement.forms import QuestionForm
from procurement.models import Call, CallFollow, Challenge, Question
from procurement.timeline import call_timeline_svg

PUBLIC_CHALLENGE_STATUSES = [Challenge.Status.PUBLISHED, Challenge.Status.CLOSED]


PAGE_SIZE = 20
RESULTS_TEMPLATE = "procurement/includes/call_results.html"


def _page_context(request: HttpRequest, filterset: Any, *, cache: str = "", results: str = "") -> dict[str, Any]:
    """The filtered page; for visitors, with ``cache``, its count and ids come from that fragment, and with
    ``results`` (the cards' template) the rendered cards too."""
    if not filterset.is_valid():
        page = Paginator(filterset.queryset.none(), PAGE_SIZE).get_page(1)
    elif cache and not request.user.is_authenticated:  # members of a body also see its drafts: not shared
        parts = (get_language(), type(filterset).__name__, core_fragments.filter_parts(filterset.form.cleaned_data))
        number = core_fragments.page_number(request.GET.get("page"))
        page = core_fragments.cached_page(cache, parts, filterset.qs, number, PAGE_SIZE, fragments.CALLS_TIMEOUT)
    else:
        page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": filterset, "page": page, "query": query.urlencode()}
    if cache and results and filterset.is_valid() and not request.user.is_authenticated:
        context["results_html"] = core_fragments.cached_cards(
            cache, results, page, context["query"], request, fragments.CALLS_TIMEOUT
        )
    return context


@require_GET
@public_page()
def opportunities(request: HttpRequest) -> HttpResponse:
    """Calls everyone can browse: full-text search, filters, deadline or relevance sort, pagination.

    Without a status filter only open calls (published) are listed."""
    qs = selectors.call_list(user=request.user)
    if not request.GET.get("status"):
        qs = qs.filter(status=Call.Status.PUBLISHED)
    filterset = CallFilter(request.GET, queryset=qs, request=request)
    status = filterset.form.fields["status"]
    status.choices = [("", _("Open for submissions"))] + list(status.choices)[1:]  # the page's default
    context = _page_context(request, filterset, cache=fragments.CALLS, results=RESULTS_TEMPLATE)
    params = {k: v for k, v in request.GET.items() if k in CALL_PARAMS and v}
    context["saved_search_params"] = json.dumps(params, sort_keys=True)
    context["has_filters"] = bool(params)
    return render(request, "procurement/opportunities.html", context)


@require_GET
@public_page()
def challenges(request: HttpRequest) -> HttpResponse:
    """Published challenges (problem statements) of every verified body."""
    qs = selectors.challenge_list(user=request.user).filter(status__in=PUBLIC_CHALLENGE_STATUSES)
    filterset = ChallengeFilter(request.GET, queryset=qs, request=request)
    return render(request, "procurement/challenges.html", _page_context(request, filterset, cache=fragments.CALLS))


@require_GET
@public_page()
def challenge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A published challenge and the public calls that came out of it."""
    qs = selectors.challenge_list(user=request.user).filter(status__in=PUBLIC_CHALLENGE_STATUSES)
    challenge = get_object_or_404(qs, pk=pk)
    calls = (
        selectors.call_list(user=request.user)
        .filter(challenge=challenge)
        .exclude(status__in=[Call.Status.DRAFT, Call.Status.IN_APPROVAL])
    )
    return render(request, "procurement/challenge_detail.html", {"challenge": challenge, "calls": calls})


def _call_page(request: HttpRequest, call: Call, *, question_form: QuestionForm | None = None,
               status: int = 200) -> HttpResponse:  # fmt: skip
    user = request.user
    following = user.is_authenticated and CallFollow.objects.filter(call=call, user=user).exists()
    questions_open = call.status == Call.Status.PUBLISHED and timezone.now() <= call.questions_deadline
    may_ask = questions_open and Organisation.objects.suppliers().of_user(user).exists()
    return render(
        request,
        "procurement/call_detail.html",
        {
            "call": call,
            "questions": selectors.public_questions(call),
            "amendments": call.amendments.all(),
            "following": following,
            "timeline": call_timeline_svg(call, now=timezone.now()),
            "followed_calendar": feeds.followed_calendar_token(user) if following else "",
            "questions_open": questions_open,
            # a refused question is shown with its reason even where the form is no longer offered
            "question_form": question_form or (QuestionForm() if may_ask else None),
            "my_pending": call.questions.filter(asked_by=user, status=Question.Status.PENDING)
            if user.is_authenticated
            else [],
        },  # fmt: skip
        status=status,
    )


@public_page()
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(selectors.call_list(user=request.user).select_related("imported_process"), pk=pk)
    return _call_page(request, call)


@login_required
@require_POST
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    """A supplier member asks a clarification question; it is published once the body answers it."""
    call = get_object_or_404(selectors.call_list(user=request.user), pk=pk)
    if services.question_asker_organisation(request.user) is None:  # who may ask, before reading the input
        raise PermissionDenied(_("Only members of a supplier may ask questions."))
    form = QuestionForm(request.POST)
    if not form.is_valid():
        return _call_page(request, call, question_form=form, status=400)
    try:
        services.question_ask(call=call, actor=request.user, text=form.cleaned_data["text"])
    except ApplicationError as exc:
        form.add_application_error(exc)
        return _call_page(request, call, question_form=form, status=exc.status_code)
    messages.success(request, _("Your question has been sent. Its answer will be published on this page."))
    return redirect(reverse("procurement:call", args=[call.pk]) + "#questions")


def apply(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(selectors.call_list(user=request.user), pk=pk)
    return render(request, "procurement/apply.html", {"call": call})


@login_required
@require_POST
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(selectors.call_list(user=request.user), pk=pk)
    if request.POST.get("action") == "unfollow":
        services.call_unfollow(call=call, actor=request.user)
    else:
        services.call_follow(call=call, actor=request.user)
    return redirect("procurement:call", pk=call.pk)
