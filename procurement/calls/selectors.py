"""Reads about calls: lists by visibility, eligibility, public questions."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from govtech.accounts.models import Organisation
from govtech.accounts.roles import Actor, organisation_ids
from procurement.calls.models import Call, Question
from startups.selectors import supplier_of_user


def call_list(*, user: Actor) -> QuerySet[Call]:
    """Calls ``user`` may see. The stored search vectors (large, only ever read by PostgreSQL) are not fetched."""
    return (
        Call.objects.visible_to(user)
        .select_related("body", "body__public_body", "challenge")
        .defer("search_vector", "challenge__search_vector")
    )


def suppliers_of(user: Actor) -> list[Any]:
    """The ``startups.Supplier`` profiles ``user`` is an active member of (read through startups)."""

    return supplier_of_user(user)


def eligibility_condition(supplier: Any) -> Q:
    """The queryset form of ``call_eligibility``: calls ``supplier`` may apply to (same four rules)."""
    condition = Q(eligible_countries=[]) | Q(eligible_countries__contains=[supplier.country])
    if supplier.size_class == "large":
        condition &= Q(smes_only=False)
    if not supplier.is_startup:
        condition &= Q(startups_only=False)
    if not supplier.is_verified:
        condition &= Q(verified_suppliers_only=False)
    return condition


def calls_open_to(qs: QuerySet[Call], suppliers: list[Any]) -> QuerySet[Call]:
    """Calls of ``qs`` that at least one of ``suppliers`` is eligible for (none when no supplier)."""
    if not suppliers:
        return qs.none()
    condition = Q()
    for supplier in suppliers:
        condition |= eligibility_condition(supplier)
    return qs.filter(condition)


def call_eligibility(call: Call, supplier: Any) -> tuple[bool, list[str]]:
    """Whether a ``startups.Supplier`` may apply to ``call``, and the reasons why not."""
    reasons: list[str] = []
    if call.smes_only and supplier.size_class == "large":
        reasons.append(_("Only SMEs may apply."))
    if call.startups_only and not supplier.is_startup:
        reasons.append(_("Only startups may apply."))
    if call.eligible_countries and supplier.country not in call.eligible_countries:
        reasons.append(_("Suppliers from this country may not apply."))
    if call.verified_suppliers_only and not supplier.is_verified:
        reasons.append(_("Only verified suppliers may apply."))
    return (not reasons, reasons)


def public_questions(call: Call) -> QuerySet[Question]:
    return call.questions.exclude(status=Question.Status.PENDING)


def calls_per_instrument() -> dict[str, int]:
    return dict(Counter(Call.objects.public().values_list("instrument", flat=True)))


def questions_of_my_teams(user: Actor) -> QuerySet[Question]:
    """Every question asked by a supplier ``user`` is an active member of (theirs and their teammates'), newest
    first, with its call: the "my questions" page."""
    ids = organisation_ids(user, kind=Organisation.Kind.SUPPLIER)
    if not ids:
        return Question.objects.none()
    return Question.objects.filter(supplier_id__in=ids).select_related("call", "call__body").order_by("-asked_at")


def questions_visible_to(call: Call, user: Actor) -> QuerySet[Question]:
    """The call's public Q&A plus the questions still pending that ``user``'s suppliers asked (a pending question
    shows to the asker's teammates too, never to other suppliers)."""
    ids = organisation_ids(user, kind=Organisation.Kind.SUPPLIER)
    public = Q(status__in=[Question.Status.ANSWERED, Question.Status.REJECTED])
    if ids:
        public |= Q(status=Question.Status.PENDING, supplier_id__in=ids)
    return call.questions.filter(public)
