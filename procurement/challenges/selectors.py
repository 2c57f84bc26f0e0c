"""Reads about challenges."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from procurement.challenges.models import Challenge


def challenge_list(*, user: Any) -> QuerySet[Challenge]:
    return Challenge.objects.visible_to(user).select_related("body", "body__public_body").defer("search_vector")
