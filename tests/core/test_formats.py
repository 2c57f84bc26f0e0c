from __future__ import annotations

import datetime
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from govtech.core.formatting import format_date, format_money
from govtech.core.templatetags.formats import buyer_time, money, number


def test_money_has_one_format_per_language_with_the_iso_code() -> None:
    """Whole amounts without decimals, the ISO code (never an ambiguous "$"), a no-break space between."""
    with translation.override("es"):
        assert money(Decimal("350000000"), "COP") == "350.000.000\xa0COP"
        assert money(Decimal("300000.00"), "BRL") == "300.000\xa0BRL"
        assert money(Decimal("1234.5"), "EUR") == "1.234,50\xa0EUR"
    with translation.override("pt-br"):
        assert money(Decimal("350000000"), "COP") == "COP\xa0350.000.000"
        assert money(Decimal("1234.5"), "BRL") == "BRL\xa01.234,50"
    with translation.override("en"):
        assert money(Decimal("350000000"), "COP") == "COP\xa0350,000,000"
        assert money("1234.50", "USD") == "USD\xa01,234.50"


def test_number_has_one_format_per_language() -> None:
    with translation.override("es"):
        assert number(13.8, 1) == "13,8"
        assert number(5, 1) == "5,0"
        assert number(1234567) == "1.234.567"
    with translation.override("pt-br"):
        assert number(Decimal("7.25"), 2) == "7,25"
    with translation.override("en"):
        assert number(13.8, 1) == "13.8"
        assert number(1234567) == "1,234,567"
    assert number(None) == ""
    assert number("n/a") == "n/a"


def test_dates_follow_the_language() -> None:
    day = datetime.date(2026, 12, 6)
    assert format_date(day, "es") == "6 de diciembre de 2026"
    assert "2026" in format_date(day, "pt-br")
    assert "dezembro" in format_date(day, "pt-br").lower()
    assert format_date(day, "en") == "Dec. 6, 2026"


def test_money_without_a_currency_or_with_an_unknown_one_still_shows_the_amount() -> None:
    assert format_money(Decimal("1000"), "", "en") == "1,000"
    assert format_money(Decimal("1000"), "ZZZ", "en") == "ZZZ\xa01,000"


def test_money_never_breaks_a_page() -> None:
    assert money(None, "COP") == ""
    assert money("n/a", "COP") == "n/a"


def test_buyer_time_is_in_the_buyers_zone_and_names_it() -> None:
    moment = datetime.datetime(2026, 12, 2, 5, 27, tzinfo=datetime.UTC)
    with translation.override("en"):
        html = str(buyer_time(moment, "America/Bogota"))
    assert 'datetime="2026-12-02T05:27:00+00:00"' in html
    assert "00:27" in html or "12:27" in html  # 05:27 UTC is 00:27 in Bogotá
    assert "(America/Bogota)" in html
    assert "UTC" in str(buyer_time(moment, "Not/AZone"))


def test_the_tags_load_in_templates() -> None:
    with translation.override("es"):
        out = Template("{% load formats %}{{ v|money:'USD' }}").render(Context({"v": Decimal("60000")}))
    assert out == "60.000\xa0USD"
