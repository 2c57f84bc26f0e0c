from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.contrib.syndication.views import Feed
from django.core import signing
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext as _

from govtech.accounts.models import User
from procurement.calls.models import Call
from startups.code_names import sector_names

FEED_SIZE = 50


FOLLOWED_SIZE = 500


def open_calls(params: Any) -> QuerySet[Call]:
    """Open calls filtered like the opportunities page (``q``, ``instrument``, ``country``, ``sector``)."""
    qs = Call.objects.open().select_related("body")
    query = (params.get("q") or "").strip()
    if query:
        qs = qs.annotate(doc=SearchVector("title", "summary", config="simple")).filter(
            doc=SearchQuery(query, config="simple")
        )
    instrument = params.get("instrument") or ""
    if instrument in Call.Instrument.values:
        qs = qs.filter(instrument=instrument)
    country = (params.get("country") or "").upper()[:2]
    if country:
        qs = qs.filter(body__public_body__country=country)
    sector = (params.get("sector") or "").strip()[:64]
    if sector:
        qs = qs.filter(sectors__contains=[sector])
    return qs


class OpenCallsFeed(Feed):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        return request.GET

    def title(self) -> str:
        return _("%(portal)s: open calls") % {"portal": settings.PORTAL_NAME}

    def description(self) -> str:
        return _("Innovation-procurement calls open for submissions.")

    def link(self) -> str:
        return reverse("procurement:opportunities")

    def feed_url(self) -> str:
        return reverse("procurement:feed")

    def items(self, params: Any) -> list[Call]:
        return list(open_calls(params).order_by("-published_at", "-pk")[:FEED_SIZE])

    def item_title(self, item: Call) -> str:
        return item.title

    def item_description(self, item: Call) -> str:
        deadline = timezone.localtime(item.submission_deadline, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        return _("%(body)s. %(instrument)s. Submissions until %(deadline)s. %(summary)s") % {
            "body": item.body.name,
            "instrument": item.get_instrument_display(),
            "deadline": deadline,
            "summary": item.summary,
        }

    def item_link(self, item: Call) -> str:
        return reverse("procurement:call", args=[item.pk])

    def item_guid(self, item: Call) -> str:
        return f"{settings.SITE_URL}/opportunities/calls/{item.pk}/"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Call) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Call) -> dt.datetime:
        return item.updated_at

    def item_categories(self, item: Call) -> list[str]:
        return [str(item.get_instrument_display()), *sector_names(item.sectors)]  # names, not slugs


class OpenCallsAtomFeed(OpenCallsFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()

    def feed_url(self) -> str:
        return reverse("procurement:feed_atom")


open_calls_feed = OpenCallsFeed()


open_calls_atom_feed = OpenCallsAtomFeed()


def ical_escape(text: str) -> str:
    """TEXT values: backslash, semicolon, comma and newlines escaped (RFC 5545 §3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def ical_fold(line: str) -> str:
    """Fold a content line longer than 75 octets (RFC 5545 §3.1), never inside a UTF-8 character."""
    out: list[str] = []
    current = ""
    limit = 75
    for char in line:
        if len((current + char).encode()) > limit:
            out.append(current)
            current = " " + char
            limit = 75
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def ical_utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def call_calendar(call: Call, *, site_url: str, now: dt.datetime) -> str:
    return calendar([call], name=call.title, site_url=site_url, now=now)


def calendar(calls: list[Call], *, name: str, site_url: str, now: dt.datetime) -> str:
    """One VCALENDAR with each call's key dates as events (a call without a decision date has two)."""
    host = site_url.split("://", 1)[-1].split("/", 1)[0] or "govtech-portal"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Govtech Portal//Opportunities//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ical_escape(name)}",
    ]
    for call in calls:
        lines += _call_events(call, site_url=site_url, host=host, now=now)
    lines.append("END:VCALENDAR")
    return "".join(ical_fold(line) + "\r\n" for line in lines)


def _call_events(call: Call, *, site_url: str, host: str, now: dt.datetime) -> list[str]:
    url = site_url + reverse("procurement:call", args=[call.pk])
    dates = [
        ("questions", _("Questions deadline"), call.questions_deadline),
        ("submission", _("Submission deadline"), call.submission_deadline),
        ("decision", _("Expected decision"), call.expected_decision),
    ]
    lines: list[str] = []
    for key, label, when in dates:
        if when is None:
            continue
        lines += [
            "BEGIN:VEVENT",
            f"UID:call-{call.pk}-{key}@{host}",
            f"DTSTAMP:{ical_utc(now)}",
            f"DTSTART:{ical_utc(when)}",
            f"SUMMARY:{ical_escape(f'{label}: {call.title}')}",
            f"DESCRIPTION:{ical_escape(f'{call.body.name}. {url}')}",
            f"URL:{url}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    return lines


def call_ics(request: HttpRequest, pk: int) -> HttpResponse:
    call = Call.objects.public().select_related("body").filter(pk=pk).first()
    if call is None:
        raise Http404
    body = call_calendar(call, site_url=request.build_absolute_uri("/").rstrip("/"), now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="call-{call.pk}.ics"'
    return response


FOLLOWED_SALT = "procurement.followed-calendar"


def followed_calendar_token(user: User) -> str:
    """Stable (no timestamp) and signed with the user's id and password hash: changing the password revokes every
    address given out."""
    return signing.Signer(salt=FOLLOWED_SALT).sign_object({"u": user.pk, "h": _password_tag(user)}, compress=True)


def _password_tag(user: User) -> str:
    return salted_hmac(FOLLOWED_SALT, user.password or "", algorithm="sha256").hexdigest()[:16]


def followed_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The key dates of every public call the token's user follows; a forged or revoked token is a 404."""

    try:
        data = signing.Signer(salt=FOLLOWED_SALT).unsign_object(token)
        if not isinstance(data, dict):
            raise ValueError(token)
        user = get_user_model().objects.get(pk=int(data["u"]), is_active=True)
    except (signing.BadSignature, KeyError, TypeError, ValueError, get_user_model().DoesNotExist) as exc:
        raise Http404 from exc
    if not constant_time_compare(str(data.get("h", "")), _password_tag(user)):
        raise Http404
    calls = list(
        Call.objects.public()
        .filter(follows__user=user)
        .select_related("body")
        .order_by("submission_deadline", "pk")[:FOLLOWED_SIZE]
    )
    body = calendar(
        calls, name=_("Calls I follow"), site_url=request.build_absolute_uri("/").rstrip("/"), now=timezone.now()
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="followed-calls.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
