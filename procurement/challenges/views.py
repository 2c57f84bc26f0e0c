"""Pages of challenges: the public list and page, and the officer's forms and actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from govtech.core.errors import ApplicationError
from govtech.core.pagecache import public_page
from govtech.core.uploads import attachment_response
from procurement import fragments
from procurement.bodies.permissions import is_officer
from procurement.bodies.views import officer_body
from procurement.calls.models import Call
from procurement.calls.selectors import call_list
from procurement.challenges import services
from procurement.challenges.filters import ChallengeFilter
from procurement.challenges.forms import ChallengeForm
from procurement.challenges.lifecycle import CHALLENGE
from procurement.challenges.models import Challenge, ChallengeAttachment
from procurement.challenges.selectors import challenge_list
from procurement.challenges.services import (
    challenge_attachment_add,
    challenge_transition,
    challenge_update,
)
from procurement.challenges.similar import similar_challenges
from procurement.forms import FileForm
from procurement.pages import page_context, status_label

PUBLIC_CHALLENGE_STATUSES = [Challenge.Status.PUBLISHED, Challenge.Status.CLOSED]


@require_GET
@public_page()
def challenges(request: HttpRequest) -> HttpResponse:
    """Published challenges (problem statements) of every verified body."""
    qs = challenge_list(user=request.user).filter(status__in=PUBLIC_CHALLENGE_STATUSES)
    filterset = ChallengeFilter(request.GET, queryset=qs, request=request)
    return render(request, "procurement/challenges.html", page_context(request, filterset, cache=fragments.CALLS))


@require_GET
@public_page()
def challenge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A published challenge and the public calls that came out of it."""
    qs = challenge_list(user=request.user).filter(status__in=PUBLIC_CHALLENGE_STATUSES)
    challenge = get_object_or_404(qs, pk=pk)
    calls = (
        call_list(user=request.user)
        .filter(challenge=challenge)
        .exclude(status__in=[Call.Status.DRAFT, Call.Status.IN_APPROVAL])
    )
    return render(request, "procurement/challenge_detail.html", {"challenge": challenge, "calls": calls})


def _challenge(request: HttpRequest, pk: int) -> Challenge:
    challenge = get_object_or_404(Challenge.objects.visible_to(request.user).select_related("body"), pk=pk)
    if not is_officer(request.user, challenge.body_id):
        raise PermissionDenied
    return challenge


def _similar_for(challenge: Challenge) -> list[Any]:
    return similar_challenges(challenge, limit=5)


@login_required
@require_http_methods(["GET", "POST"])
def challenge_create(request: HttpRequest, body_id: int) -> HttpResponse:
    body = officer_body(request, body_id)
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
    return render(
        request,
        "procurement/officer/challenge_form.html",
        {"form": form, "body": body, "challenge": None, "similar": similar},
        status=400 if form.errors else 200,
    )


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
            challenge_update(challenge=challenge, actor=request.user, **form.to_service())
        except ApplicationError as exc:
            form.add_application_error(exc)
        else:
            messages.success(request, _("The challenge has been saved."))
            return redirect("procurement:officer_challenge", pk=challenge.pk)
    return render(
        request,
        "procurement/officer/challenge_form.html",
        {"form": form, "body": challenge.body, "challenge": challenge, "similar": _similar_for(challenge)},
        status=400 if form.errors else 200,
    )


CHALLENGE_ACTIONS: dict[str, tuple[str, Any]] = {
    "publish": (Challenge.Status.PUBLISHED, gettext_lazy("Publish")),
    "close": (Challenge.Status.CLOSED, gettext_lazy("Close")),
    "archive": (Challenge.Status.ARCHIVED, gettext_lazy("Archive")),
}


def _challenge_page(
    request: HttpRequest, challenge: Challenge, *, file_form: FileForm | None = None, error: str = "", status: int = 200
) -> HttpResponse:
    allowed = CHALLENGE.targets(challenge.status)
    actions = [(name, label) for name, (to, label) in CHALLENGE_ACTIONS.items() if to in allowed]
    return render(
        request,
        "procurement/officer/challenge.html",
        {
            "challenge": challenge,
            "actions": actions,
            "file_form": file_form or FileForm(),
            "error": error,
            "attachments": challenge.attachments.all(),
            "calls": challenge.calls.all(),
            "similar": _similar_for(challenge),
        },
        status=status,
    )


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
        challenge_transition(challenge=challenge, to=CHALLENGE_ACTIONS[action][0], actor=request.user)
    except ApplicationError as exc:
        return _challenge_page(request, challenge, error=exc.message, status=exc.status_code)
    messages.success(request, _("The challenge's status is now: %(status)s.") % {"status": status_label(challenge)})
    return redirect("procurement:officer_challenge", pk=challenge.pk)


@login_required
@require_POST
def challenge_attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = _challenge(request, pk)
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            challenge_attachment_add(
                challenge=challenge,
                actor=request.user,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
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
