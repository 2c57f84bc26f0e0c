"""Reads about challenges."""

from __future__ import annotations

from django.db.models import QuerySet

from govtech.accounts.roles import Actor
from procurement.challenges.models import Challenge


def challenge_list(*, user: Actor) -> QuerySet[Challenge]:
    return Challenge.objects.visible_to(user).select_related("body", "body__public_body").defer("search_vector")
