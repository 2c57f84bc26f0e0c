"""The opportunities page's small texts: how many days are left before a call closes."""

from __future__ import annotations

import datetime
import zoneinfo

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


def days_left(deadline: datetime.datetime, zone: str, *, now: datetime.datetime | None = None) -> int:
    """Whole calendar days from today to the deadline's day, both in the buyer's time zone (0: closes today)."""
    try:
        tz = zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = zoneinfo.ZoneInfo("UTC")
    now = now or timezone.now()
    return (timezone.localtime(deadline, tz).date() - timezone.localtime(now, tz).date()).days


@register.simple_tag
def closes_in(deadline: datetime.datetime | None, zone: str) -> SafeString:
    """ "Closes in 12 days" (strong when a week or less is left), "Closes today", or "Closed"."""
    if deadline is None:
        return SafeString("")
    if deadline <= timezone.now():
        return format_html('<span class="portal-closes portal-closes--past">{}</span>', _("Closed"))
    days = days_left(deadline, zone)
    if days <= 0:
        text = _("Closes today")
    else:
        text = ngettext("Closes in %(count)d day", "Closes in %(count)d days", days) % {"count": days}
    css = "portal-closes portal-closes--soon" if days <= 7 else "portal-closes"
    return format_html('<strong class="{}">{}</strong>', css, text)
