"""Locale-aware money and buyer-time formats for templates."""

from __future__ import annotations

import datetime
import zoneinfo
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import format_currency
from django import template
from django.utils import formats, timezone, translation
from django.utils.html import format_html

register = template.Library()


@register.filter
def money(amount: Any, currency: str) -> str:
    """``50000000, "COP"`` → "COP 50.000.000,00" in Spanish, "COP 50,000,000.00" in English."""
    if amount in (None, ""):
        return ""
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return str(amount)
    locale = translation.to_locale(translation.get_language() or "en")
    try:
        return format_currency(value, currency or "XXX", locale=locale)
    except Exception:  # an unknown locale or currency must not break a page
        return f"{value} {currency}"


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
