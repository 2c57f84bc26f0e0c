"""Practice: the published calls and challenges that put a recommendation into practice.

A published call matches a recommendation when its instrument or one of its sectors is among the recommendation's
tags (``TAG_INSTRUMENTS`` maps the catalogue's tags to instruments); a published challenge matches on its sectors,
or when the recommendation is tagged ``challenges``. Only public rows are ever returned: drafts and calls in
approval never reach a recommendation page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from procurement.calls.models import Call
from procurement.challenges.models import Challenge


@dataclass(frozen=True)
class PracticeItem:
    """A published challenge or call, as a recommendation page shows it."""

    kind: str  # PracticeLink.Kind: "challenge" or "call"
    pk: int
    title: str
    url: str  # "" when the item has no public page of its own
    organisation: str
    organisation_id: int | None = None
    detail: str = ""  # e.g. the instrument and the deadline, in the active language


# Catalogue tags that name an instrument (besides the instrument codes themselves).
TAG_INSTRUMENTS: dict[str, set[str]] = {
    "pilots": {Call.Instrument.PILOT, Call.Instrument.CPSI},
    "challenges": {Call.Instrument.PRIZE},
    "pcp": {Call.Instrument.PCP},
    "ppi": {Call.Instrument.PPI},
}


def _instruments_for(tags: list[str]) -> set[str]:
    out = {t for t in tags if t in Call.Instrument.values}
    for tag in tags:
        out |= {str(i) for i in TAG_INSTRUMENTS.get(tag, set())}
    return out


def _call_item(call: Call) -> PracticeItem:
    deadline = date_format(call.submission_deadline, "j M Y")
    return PracticeItem(
        kind="call",
        pk=call.pk,
        title=call.title,
        url=reverse("procurement:call", args=[call.pk]),
        organisation=call.body.name,
        organisation_id=call.body_id,
        detail=_("%(instrument)s, closes %(date)s") % {"instrument": call.get_instrument_display(), "date": deadline},
    )


def _challenge_item(challenge: Challenge) -> PracticeItem:
    return PracticeItem(
        kind="challenge",
        pk=challenge.pk,
        title=challenge.title,
        url="",
        organisation=challenge.body.name,
        organisation_id=challenge.body_id,
    )


def live(*, tags: list[str], limit: int = 10) -> list[PracticeItem]:
    if not tags:
        return []
    instruments = _instruments_for(tags)
    calls = (
        Call.objects.open()
        .filter(Q(instrument__in=instruments) | Q(sectors__overlap=tags))
        .select_related("body")
        .order_by("submission_deadline")[:limit]
    )
    challenges = Challenge.objects.filter(status=Challenge.Status.PUBLISHED).select_related("body")
    if "challenges" not in tags:
        challenges = challenges.filter(sectors__overlap=tags)
    items = [_call_item(c) for c in calls]
    items += [_challenge_item(c) for c in challenges.order_by("-published_at")[: max(limit - len(items), 0)]]
    return items


def resolve(*, kind: str, pk: int) -> tuple[Any, PracticeItem] | None:
    if kind == "call":
        call = Call.objects.public().select_related("body").filter(pk=pk).first()
        return (call, _call_item(call)) if call else None
    if kind == "challenge":
        challenge = Challenge.objects.published().select_related("body").filter(pk=pk).first()
        return (challenge, _challenge_item(challenge)) if challenge else None
    return None


def describe(targets: list[tuple[str, str]]) -> dict[tuple[str, str], PracticeItem]:
    ids = {kind: [int(pk) for k, pk in targets if k == kind and pk.isdigit()] for kind in ("call", "challenge")}
    out: dict[tuple[str, str], PracticeItem] = {}
    for call in Call.objects.public().select_related("body").filter(pk__in=ids["call"]):
        out[("call", str(call.pk))] = _call_item(call)
    for challenge in Challenge.objects.published().select_related("body").filter(pk__in=ids["challenge"]):
        out[("challenge", str(challenge.pk))] = _challenge_item(challenge)
    return out
