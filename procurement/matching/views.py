"""Pages of matching: suggested suppliers on an officer's call or challenge (with "Invite to apply"), and
"Recommended for you" for a supplier's people (with "Dismiss"). Forms post to services; no JavaScript."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from govtech.core.errors import ApplicationError
from procurement.bodies.permissions import is_officer
from procurement.calls.models import Call
from procurement.challenges.models import Challenge
from procurement.matching import reasons, selectors, services
from procurement.matching.models import MatchResult, MatchTargetState
from procurement.matching.targets import is_rankable

MODELS: dict[str, Any] = {"call": Call, "challenge": Challenge}


def _officer_target(request: HttpRequest, kind: str, pk: int) -> Any:
    target = get_object_or_404(MODELS[kind].objects.visible_to(request.user).select_related("body"), pk=pk)
    if not is_officer(request.user, target.body_id):
        raise PermissionDenied
    return target


def _suggestions_page(
    request: HttpRequest, kind: str, target: Any, *, error: str = "", status: int = 200
) -> HttpResponse:
    state = MatchTargetState.objects.filter(**{kind: target}).first()
    return render(
        request,
        "matching/suggestions.html",
        {
            "kind": kind,
            "target": target,
            "rows": reasons.attach(selectors.suggestions_for(target)),
            "state": state,
            "open": is_rankable(target),
            "error": error,
            "manage_url_name": "procurement:officer_call" if kind == "call" else "procurement:officer_challenge",
        },
        status=status,
    )


@login_required
def suggestions(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    return _suggestions_page(request, kind, _officer_target(request, kind, pk))


@login_required
@require_POST
def invite(request: HttpRequest, kind: str, pk: int, supplier_id: int) -> HttpResponse:
    target = _officer_target(request, kind, pk)
    try:
        invitation = services.match_invite(actor=request.user, target=target, supplier_id=supplier_id)
    except ApplicationError as exc:
        return _suggestions_page(request, kind, target, error=exc.message, status=exc.status_code)
    messages.success(request, _("%(supplier)s was invited to apply.") % {"supplier": invitation.supplier.display_name})
    return redirect(f"matching:{kind}_suggestions", pk=target.pk)


@login_required
def recommended(request: HttpRequest) -> HttpResponse:
    rows = reasons.attach(selectors.recommendations_for(request.user)[:50])
    return render(
        request,
        "matching/recommended.html",
        {
            "rows": rows,
            "has_supplier": bool(selectors.supplier_ids_of(request.user)),
        },
    )


@login_required
@require_POST
def dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        result = selectors.recommendation_of(request.user, pk)
    except MatchResult.DoesNotExist as exc:
        raise Http404 from exc
    services.match_dismiss(actor=request.user, result=result)
    messages.success(request, _("“%(title)s” will no longer be recommended to you.") % {"title": result.target.title})
    return redirect("matching:recommended")
