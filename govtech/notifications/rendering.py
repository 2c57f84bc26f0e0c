"""Turn a notification into words and e-mails, in the recipient's language."""

from __future__ import annotations

import datetime as dt
import json
import logging
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import escape

from govtech.core.mailheaders import header_text
from govtech.notifications.kinds import Kind
from govtech.notifications.messages import MESSAGES
from govtech.notifications.models import Notification
from govtech.notifications.unsubscribe import ALL_KINDS, unsubscribe_token

logger = logging.getLogger(__name__)
_DATE_KEYS = ("deadline", "submitted_at", "expires_on", "due")


def _zone(name: Any) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(str(name)) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _localise(key: str, value: Any, language: str, zone: zoneinfo.ZoneInfo | None = None) -> Any:
    if isinstance(value, dict):
        return (
            value.get(language)
            or value.get(language.split("-", maxsplit=1)[0])
            or value.get("en")
            or next(iter(value.values()), "")
        )
    if isinstance(value, str) and (key in _DATE_KEYS or key.endswith(("_at", "_on"))):
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if len(value) <= 10:
            return formats.date_format(parsed.date(), "DATE_FORMAT")
        # A time means nothing without its zone: the call's (``timezone``), else the portal's, named.
        zone = zone or zoneinfo.ZoneInfo(settings.TIME_ZONE)
        if timezone.is_aware(parsed):
            parsed = parsed.astimezone(zone)
        return f"{formats.date_format(parsed, 'DATETIME_FORMAT')} ({zone.key})"
    if value is None:
        return ""
    return value


class MessageContext(dict[str, Any]):
    """The context as ``%``-formatting sees it: localised values. ``notification_emit`` refuses events
    without their required values; a missing key here (a row stored before a kind required it) renders
    empty and is logged."""

    def __init__(self, raw: dict[str, Any], language: str) -> None:
        zone = _zone(raw.get("timezone"))
        super().__init__({key: _localise(key, value, language, zone) for key, value in raw.items()})

    def __missing__(self, key: str) -> str:
        logger.error("notification message without its value %r", key)
        return ""


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    action: str


def render_message(kind: str, context: dict[str, Any], language: str | None = None) -> Rendered:
    """Subject, body and link label of a kind of event, in ``language`` (or the active one)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    message = (MESSAGES.get(kind) or MESSAGES[Kind.NEW_CALL]).pick(context)
    with translation.override(language):
        values = MessageContext(context, language)
        return Rendered(
            subject=(str(message.subject) % values).strip(),
            body=(str(message.body) % values).strip(),
            action=str(message.action),
        )


def absolute_url(path: str) -> str:
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path if path.startswith('/') else '/' + path}"


# Placeholders for what differs between recipients of one event in one language: the body is
# rendered once per batch and personalised by substitution (private-use characters, which
# neither templates nor escaping touch).
_NAME = "\ue000name\ue000"
_UNSUBSCRIBE = "\ue000unsubscribe\ue000"


def _unsubscribe_url(user_id: int, kind: str) -> str:
    return absolute_url(reverse("notifications:unsubscribe", args=[unsubscribe_token(user_id, kind)]))


def _envelope(
    notification: Notification, subject: str, text: str, html: str, unsubscribe_url: str
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=header_text(subject)[:250],
        body=text,
        to=[notification.recipient.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "X-Govtech-Notification": str(notification.pk),
            "X-Govtech-Kind": notification.kind,
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _message_parts(notification: Notification, language: str) -> tuple[str, str, str]:
    """Subject, text and HTML of a notification in ``language``, with recipient placeholders."""
    rendered = render_message(notification.kind, notification.context, language)
    items = notification.context.get("items")
    context = {
        "rendered": rendered,
        "greeting_name": _NAME,
        "url": absolute_url(notification.url),
        "preferences_url": absolute_url(reverse("notifications:preferences")),
        "unsubscribe_url": _UNSUBSCRIBE,
        "items": items if isinstance(items, list) else [],
        "more": notification.context.get("more") or 0,
        "kind_label": Kind(notification.kind).label if notification.kind in Kind.values else notification.kind,
        "PORTAL_NAME": settings.PORTAL_NAME,
        "LANGUAGE_CODE": language,
    }
    text = render_to_string("notifications/email/message.txt", context)
    html = render_to_string("notifications/email/message.html", context)
    return rendered.subject, text, html


def notification_email(notification: Notification, cache: dict[Any, Any] | None = None) -> EmailMultiAlternatives:
    """The e-mail for one notification (or one digest), in the recipient's language.

    ``cache`` (one dict per batch) keeps the rendered body of each event and language, so a
    call announced to thousands of suppliers is rendered once per language, not per person.
    """
    user = notification.recipient
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language):
        if notification.kind == Kind.DIGEST:
            return _digest_email(notification, language)
        key = (
            notification.kind,
            notification.url,
            language,
            json.dumps(notification.context, sort_keys=True, default=str),
        )
        parts = cache.get(key) if cache is not None else None
        if parts is None:
            parts = _message_parts(notification, language)
            if cache is not None:
                cache[key] = parts
        subject, text, html = parts
        name = user.get_short_name()
        unsubscribe_url = _unsubscribe_url(user.pk, notification.kind)
        text = text.replace(_NAME, name).replace(_UNSUBSCRIBE, unsubscribe_url)
        html = html.replace(_NAME, escape(name)).replace(_UNSUBSCRIBE, escape(unsubscribe_url))
        return _envelope(notification, subject, text, html, unsubscribe_url)


def _digest_email(notification: Notification, language: str) -> EmailMultiAlternatives:
    user = notification.recipient
    groups, total = digest_groups(notification, language)
    rendered = render_message(Kind.DIGEST, {"count": total}, language)
    context = {
        "rendered": rendered,
        "greeting_name": user.get_short_name(),
        "groups": groups,
        "total": total,
        "frequency": notification.context.get("frequency", ""),
        "url": absolute_url(reverse("notifications:inbox")),
        "preferences_url": absolute_url(reverse("notifications:preferences")),
        "unsubscribe_url": _unsubscribe_url(user.pk, ALL_KINDS),
        "PORTAL_NAME": settings.PORTAL_NAME,
        "LANGUAGE_CODE": language,
    }
    text = render_to_string("notifications/email/digest.txt", context)
    html = render_to_string("notifications/email/digest.html", context)
    return _envelope(notification, rendered.subject, text, html, context["unsubscribe_url"])


ITEMS_PER_GROUP = 5


@dataclass
class DigestGroup:
    label: str
    items: list[tuple[Rendered, str]] = field(default_factory=list)
    more: int = 0


def digest_groups(digest: Notification, language: str) -> tuple[list[DigestGroup], int]:
    """The digest's lines grouped by call (``group_key``), at most ITEMS_PER_GROUP each plus "N more"."""
    groups: dict[str, DigestGroup] = {}
    total = 0
    rows: Any = digest.digested.order_by("group_key", "-created_at", "-id")
    for row in rows:
        total += 1
        key = row.group_key or f"kind:{row.kind}"
        label = row.group_label or str(Kind(row.kind).label if row.kind in Kind.values else row.kind)
        group = groups.setdefault(key, DigestGroup(label=label))
        if len(group.items) < ITEMS_PER_GROUP:
            group.items.append((render_message(row.kind, row.context, language), absolute_url(row.url)))
        else:
            group.more += 1
    return list(groups.values()), total
