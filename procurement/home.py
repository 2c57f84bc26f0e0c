"""Procurement's block on the home page: calls closing soon for everyone; the workspace for public officials."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from govtech.accounts.models import Organisation
from govtech.accounts.navigation import holds_in_request
from govtech.accounts.roles import is_admin, public_body_ids, signed_in
from govtech.core import fragments
from procurement.bodies.models import PublicBody
from procurement.bodies.permissions import OFFICER_ROLES
from procurement.calls.models import Call, Question
from procurement.fragments import CALLS, CALLS_TIMEOUT


def _open_calls() -> dict[str, Any]:
    open_calls = Call.objects.filter(status=Call.Status.PUBLISHED, submission_deadline__gt=timezone.now())
    closing = open_calls.select_related("body").order_by("submission_deadline", "pk")
    return {
        "open_count": open_calls.count(),
        "closing": [
            {
                "pk": call.pk,
                "title": call.title,
                "body": {"name": call.body.name},
                "submission_deadline": call.submission_deadline,
                "timezone": call.timezone,
            }
            for call in closing.only("pk", "title", "body__name", "submission_deadline", "timezone")[:3]
        ],
    }


def open_calls() -> dict[str, Any]:
    """The calls open for submissions (their number, the three closing first): public, the same for everyone, so
    kept as the ``calls`` fragment (bumped by every write to calls and bodies; its copies expire after a minute,
    as deadlines pass with the clock) rather than counted on every signed-in home page."""
    return fragments.get_or_build(CALLS, ("home-open-calls",), _open_calls, CALLS_TIMEOUT)


PUBLIC_BODY = Organisation.Kind.PUBLIC_BODY.value


def home_blocks(request: HttpRequest) -> list[str]:
    user = request.user
    context: dict[str, object] = dict(open_calls())
    # no query for the bodies of someone who holds no officer role (the header reads the roles anyway)
    body_ids = public_body_ids(user, OFFICER_ROLES) if holds_in_request(request, PUBLIC_BODY, OFFICER_ROLES) else []
    if body_ids:
        approver_of = public_body_ids(user, {"approver"})
        mine = Call.objects.filter(body_id__in=body_ids)
        context["official"] = mine.aggregate(
            drafts=Count("pk", filter=Q(status=Call.Status.DRAFT)),
            to_approve=Count("pk", filter=Q(status=Call.Status.IN_APPROVAL, body_id__in=approver_of)),
            unanswered=Count("questions", filter=Q(questions__status=Question.Status.PENDING), distinct=True),
            evaluating=Count("pk", filter=Q(status__in=[Call.Status.CLOSED, Call.Status.IN_EVALUATION]), distinct=True),
        )
    if signed_in(user) and is_admin(user):
        context["bodies_pending"] = PublicBody.objects.filter(
            verification_status=PublicBody.Verification.PENDING
        ).count()
    return [render_to_string("procurement/home_block.html", context, request=request)]
