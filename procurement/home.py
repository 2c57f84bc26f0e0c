"""Procurement's block on the home page: calls closing soon for everyone; the workspace for public officials."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from govtech.accounts.roles import is_admin, public_body_ids, signed_in
from procurement.bodies.models import PublicBody
from procurement.bodies.permissions import OFFICER_ROLES
from procurement.calls.models import Call, Question


def home_blocks(request: HttpRequest) -> list[str]:
    user = request.user
    open_calls = Call.objects.filter(status=Call.Status.PUBLISHED, submission_deadline__gt=timezone.now())
    context: dict[str, object] = {
        "open_count": open_calls.count(),
        "closing": list(open_calls.select_related("body").order_by("submission_deadline", "pk")[:3]),
    }
    body_ids = public_body_ids(user, OFFICER_ROLES)
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
