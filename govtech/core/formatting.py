"""One format per language for money, numbers and dates: pages, e-mails, PDFs and the dashboard use these.

From Babel's CLDR data (money, numbers) and Django's locale formats (dates), in the active language or the one
given. Amounts carry their ISO 4217 code, not a symbol: "$" is the peso of half the region and the dollar of the
rest. Whole amounts are shown without decimals ("350.000.000 COP"), others with the currency's own decimals
("1.234,50 BRL"). Between the number and the code sits a no-break space, so the pair never splits over two lines.
CSV files and the API keep plain machine values (``350000000.00``, ``"COP"``): they never call these.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from functools import cache

from babel import Locale
from babel.numbers import NumberPattern, format_currency, format_decimal, parse_pattern
from django.utils import formats, translation

from govtech.core.names import babel_locale, portal_language

NBSP = "\u00a0"


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


@cache
def _money_pattern(locale: str, whole: bool) -> str:
    """The locale's currency pattern with the ISO code (``¤¤``) in place of the symbol, a no-break space between."""
    pattern = Locale.parse(locale).currency_formats["standard"].pattern.split(";")[0]
    pattern = pattern.replace("\u00a4", "\u00a4\u00a4").replace(" ", NBSP)
    if pattern.startswith("\u00a4\u00a4") and not pattern.startswith("\u00a4\u00a4" + NBSP):
        pattern = pattern.replace("\u00a4\u00a4", "\u00a4\u00a4" + NBSP, 1)
    if pattern.endswith("\u00a4\u00a4") and not pattern.endswith(NBSP + "\u00a4\u00a4"):
        pattern = pattern[: -len("\u00a4\u00a4")] + NBSP + "\u00a4\u00a4"
    if whole:
        pattern = pattern.replace(".00", "")
    return pattern


def format_money(amount: object, currency: str | None, language: str | None = None) -> str:
    """``350000000, "COP"`` → "350.000.000 COP" (es), "COP 350.000.000" (pt-br), "COP 350,000,000" (en).

    An empty amount gives ""; a value that is not a number comes back as written.
    """
    value = _decimal(amount)
    if value is None:
        return "" if amount in (None, "") else str(amount)
    code = (currency or "").strip().upper()
    locale = babel_locale(language)
    whole = value == value.to_integral_value()
    if not code:
        return format_number(value, 0 if whole else 2, language)
    try:
        return format_currency(
            value, code, format=_money_pattern(locale, whole), locale=locale, currency_digits=not whole
        )
    except Exception:  # an unknown currency code must not break a page
        return f"{format_number(value, 0 if whole else 2, language)}{NBSP}{code}"


def format_number(value: object, decimals: int | None = None, language: str | None = None) -> str:
    """``13.8`` → "13,8" (es, pt-br), "13.8" (en); ``decimals`` fixes how many digits follow the separator.

    Without ``decimals`` a whole number has none and others keep theirs (up to three).
    """
    number = _decimal(value)
    if number is None:
        return "" if value in (None, "") else str(value)
    locale = babel_locale(language)
    if decimals is None:
        text = format_decimal(number, locale=locale)
    else:
        # format_decimal(format=...) parses its pattern and locale on every call: a ranking of 500 rows formats
        # 2,000 numbers, so both are parsed once (what format_decimal does, minus the parsing)
        text = _fixed_pattern(decimals).apply(number, _locale(locale), decimal_quantization=True)
    return text.replace(" ", NBSP).replace("\u202f", NBSP)


@cache
def _fixed_pattern(decimals: int) -> NumberPattern:
    return parse_pattern("#,##0" + (f".{'0' * decimals}" if decimals > 0 else ""))


@cache
def _locale(name: str) -> Locale:
    return Locale.parse(name)


def format_date(value: datetime.date | datetime.datetime | None, language: str | None = None) -> str:
    """A date in the language's long form: "6 de diciembre de 2026", "6 de dezembro de 2026", "Dec. 6, 2026"."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    with translation.override(portal_language(language)):
        return str(formats.date_format(value, "DATE_FORMAT"))


def format_datetime(value: datetime.datetime | None, language: str | None = None) -> str:
    """A moment (already in the wanted time zone) in the language's date and time form."""
    if value is None:
        return ""
    with translation.override(portal_language(language)):
        return str(formats.date_format(value, "DATETIME_FORMAT"))
