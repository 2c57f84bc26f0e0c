"""Composite reads of procurement; the applications and recommendations apps read through here."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from procurement.models import Call, PublicBody, Question


def call_list(*, user: Any) -> QuerySet[Call]:
    return Call.objects.visible_to(user).select_related("body", "challenge")


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


def active_public_bodies_by_level() -> dict[str, int]:
    return dict(Counter(PublicBody.objects.verified().values_list("level", flat=True)))
