"""Locale-aware money and buyer-time formats for templates."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html

from govtech.core.formatting import format_money, format_number

register = template.Library()


@register.filter
def money(amount: Any, currency: str | None = "") -> str:
    """``{{ call.budget|money:call.currency }}`` → "350.000.000 COP" (es), "COP 350.000.000" (pt-br), "COP 350,000,000" (en).

    The one format for amounts on pages, e-mails and PDFs (``govtech.core.formatting.format_money``).
    """
    return format_money(amount, currency)


@register.filter
def number(value: Any, decimals: int | str | None = None) -> str:
    """``{{ score|number:1 }}`` → "13,8" (es, pt-br), "13.8" (en); ``{{ count|number }}`` → "1.234.567"."""
    places = int(decimals) if decimals not in (None, "") else None
    return format_number(value, places)


@register.simple_tag
def buyer_time(moment: datetime.datetime | None, zone: str) -> str:
    """A ``<time>`` element with the moment in the buyer's time zone, named, in the viewer's date format."""
    if moment is None:
        return ""
    try:
        tz = zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = zoneinfo.ZoneInfo("UTC")
        zone = "UTC"
    local = timezone.localtime(moment, tz)
    return format_html(
        '<time datetime="{}">{} ({})</time>',
        moment.isoformat(),
        formats.date_format(local, "DATETIME_FORMAT"),
        zone.replace("_", " "),
    )
