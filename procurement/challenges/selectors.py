"""Reads about challenges."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from govtech.accounts.roles import Actor
from procurement import search
from procurement.challenges.models import Challenge

# The challenges' orders: by relevance with a search, else the newest first.
RELEVANCE = ("-rank", "-published_at", "pk")
NEWEST = ("-published_at", "-pk")


def challenge_list(*, user: Actor) -> QuerySet[Challenge]:
    return Challenge.objects.visible_to(user).select_related("body", "body__public_body").defer("search_vector")


def challenges_found(*, user: Actor, text: str, statuses: Iterable[str], limit: int) -> list[Challenge]:
    """The challenges in ``statuses`` the user may see that ``text`` finds, best first, at most ``limit``: the
    challenges page's search, without building its filter form (a tenth of a search page's time, #19)."""
    qs = search.text_search(challenge_list(user=user).filter(status__in=list(statuses)), text)
    return list(qs.order_by(*(RELEVANCE if "rank" in qs.query.annotations else NEWEST))[:limit])
