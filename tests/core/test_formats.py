from __future__ import annotations

import datetime
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from govtech.core.templatetags.formats import buyer_time, money


def test_money_groups_digits_the_viewers_way() -> None:
    with translation.override("es"):
        assert money(Decimal("50000000"), "COP").replace("\xa0", " ") == "50.000.000 COP"  # CLDR: pesos, no cents
        assert money(Decimal("1200000"), "BRL").replace("\xa0", " ") == "1.200.000,00 BRL"
    with translation.override("en"):
        assert money(Decimal("50000000"), "COP") == "COP50,000,000"
    with translation.override("pt-br"):
        assert money(Decimal("1200000"), "BRL").replace("\xa0", " ") == "R$ 1.200.000,00"


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
    assert "60.000,00" in out
