"""The public red-flag pages: the methodology, whole in three languages, with the live thresholds."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import override_settings

from procurement.ocds.redflags.thresholds import INDICATOR_CODES

pytestmark = pytest.mark.django_db
LANGUAGES = ["es", "pt-br", "en"]
# What a page must never show: untranslated placeholders, Python values, the engine's status codes.
RAW = re.compile(r"%\(|\{\{|\{%|\bNone\b|not_computable|not_flagged|\bTrue\b|\bFalse\b|fence_not_positive")


def _text(html: str) -> str:
    body = html.split("<main", 1)[-1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_methodology_page_explains_every_indicator_in_each_language(client: Any, language: str) -> None:
    response = client.get(f"/{language}/open-data/red-flags/methodology/")
    assert response.status_code == 200
    text = _text(response.content.decode())
    for code in INDICATOR_CODES:
        assert f"{code} —" in text
    assert not RAW.search(text), RAW.search(text)
    assert "cardinal.readthedocs.io/en/latest/cli/indicators/R/003.html" in response.content.decode()
    assert "open-contracting/cardinal-rs" in text
    expected = {
        "es": ["Una señal de alerta es un patrón que merece una segunda mirada", "15 días", "No calculable"],
        "pt-br": ["Um sinal de alerta é um padrão que merece um segundo olhar", "15 dias", "Não calculável"],
        "en": ["A red flag is a pattern worth a second look", "15 days", "Not computable"],
    }[language]
    for phrase in expected:
        assert phrase in text


@override_settings(
    RED_FLAGS={
        "indicators": {"R003": {"threshold": 10}},
        "countries": {"PY": {"indicators": {"GT01": {"threshold": 50000, "currency": "PYG"}}}},
    }
)
def test_the_methodology_page_shows_the_thresholds_in_use_not_a_copy(client: Any) -> None:
    text = _text(client.get("/en/open-data/red-flags/methodology/").content.decode())
    assert "shorter than 10 days" in text
    assert "shorter than 15 days" not in text
    assert "Paraguay: Flagged above 50,000 PYG within 365 days" in text


def test_the_methodology_page_is_linked_from_the_open_data_page_and_the_footer(client: Any) -> None:
    html = client.get("/es/open-data/").content.decode()
    assert html.count('href="/es/open-data/red-flags/methodology/"') == 2
    assert client.get("/es/open-data/red-flags/methodology/").status_code == 200


def test_every_link_on_the_methodology_page_opens(client: Any) -> None:
    html = client.get("/pt-br/open-data/red-flags/methodology/").content.decode()
    for href in set(re.findall(r'href="(/[^"#]*)"', html)):
        if href.startswith(("/static/", "/api/v1/docs")):
            continue
        assert client.get(href).status_code in (200, 302), href
