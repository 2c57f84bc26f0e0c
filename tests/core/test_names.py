"""Names instead of codes: countries, regions and languages in the reader's language."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from govtech.core.names import country_name, language_name, region_name


def test_countries_are_named_in_the_page_language() -> None:
    assert country_name("BR", "es") == "Brasil"
    assert country_name("BR", "pt-br") == "Brasil"
    assert country_name("BR", "en") == "Brazil"
    assert country_name("EU", "es") == "Unión Europea"
    assert country_name("QQ", "es") == "QQ"  # unknown codes come back as written


def test_languages_are_named_in_the_page_language() -> None:
    assert language_name("es", "es") == "español"
    assert language_name("pt", "es") == "portugués"
    assert language_name("en", "pt-br") == "inglês"
    assert language_name("es", "en") == "Spanish"
    assert (
        language_name("pt-BR", "en").startswith("Brazilian Portuguese") or language_name("pt-BR", "en") == "Portuguese"
    )


def test_subdivisions_name_their_country() -> None:
    assert region_name("CO-ANT", "es") == "Antioquia (Colombia)"
    assert region_name("CO", "en") == "Colombia"


def test_the_names_filters() -> None:
    with translation.override("es"):
        out = Template('{% load names %}{{ langs|language_names|join:", " }} · {{ c|country_names|join:", " }}').render(
            Context({"langs": ["es", "en"], "c": ["CO", "BR"]})
        )
    assert out == "español, inglés · Colombia, Brasil"
