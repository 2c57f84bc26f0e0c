from __future__ import annotations

from django.utils import translation

from recommendations.translation import localize, missing_languages


def test_it_returns_the_text_in_the_language_asked_for() -> None:
    text = localize({"es": "Hola", "pt-br": "Olá", "en": "Hello"}, "pt-br")
    assert (text.text, text.language, text.fallback) == ("Olá", "pt-br", False)


def test_it_falls_back_to_spanish_then_english_then_portuguese() -> None:
    assert localize({"es": "Hola", "en": "Hello"}, "pt-br").text == "Hola"
    assert localize({"en": "Hello", "pt-br": "Olá"}, "es").text == "Hello"
    only_pt = localize({"pt-br": "Olá"}, "en")
    assert (only_pt.text, only_pt.language, only_pt.fallback) == ("Olá", "pt-br", True)


def test_it_uses_the_active_language_and_treats_blank_as_missing() -> None:
    with translation.override("en"):
        assert localize({"es": "Hola", "en": "  "}).text == "Hola"
    assert missing_languages({"es": "Hola", "en": " "}) == ["pt-br", "en"]


def test_a_page_says_when_a_text_is_shown_in_another_language(db, client) -> None:
    from tests.recommendations.factories import RecommendationFactory

    rec = RecommendationFactory()
    page = client.get(f"/en/recommendations/{rec.slug}/")
    assert page.status_code == 200
    assert 'lang="es"' in page.content.decode()
    assert page.context["title"].fallback is True
