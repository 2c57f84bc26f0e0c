"""Search across Spanish, Portuguese and English: calls and challenges found whatever language either is written in."""

from __future__ import annotations

from typing import Any

import pytest

from procurement import search
from procurement.calls.models import Call
from procurement.challenges.models import Challenge
from tests.accounts.factories import PublicBodyOrganisationFactory
from tests.procurement.factories import make_challenge, make_indexed_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def body() -> Any:
    return PublicBodyOrganisationFactory()


def titles(qs: Any) -> list[str]:
    return [row.title for row in qs.order_by("-rank", "pk")]


def test_ciberseguridad_finds_an_english_cybersecurity_call(body: Any) -> None:
    call = make_indexed_call(
        body, title="Cybersecurity for municipal networks", summary="SOC as a service", language="en"
    )
    make_indexed_call(body, title="Smart traffic lights", summary="Fewer jams", language="en")
    assert titles(search.text_search(Call.objects.all(), "ciberseguridad", viewer_language="es")) == [call.title]
    assert search.matched_through(call, "ciberseguridad") == [("cybersecurity", "ciberseguridad")]


def test_firma_electronica_finds_the_e_signatures_call(body: Any) -> None:
    call = make_indexed_call(body, title="E-signatures for permits", summary="Sign permits online", language="en")
    assert titles(search.text_search(Call.objects.all(), "firma electrónica", viewer_language="es")) == [call.title]


def test_portuguese_finds_a_spanish_call(body: Any) -> None:
    call = make_indexed_call(
        body, title="Recolección de residuos en Cali", summary="Rutas de recolección más eficientes", language="es"
    )
    make_indexed_call(body, title="Alumbrado público", summary="Luminarias LED", language="es")
    assert titles(search.text_search(Call.objects.all(), "coleta de lixo", viewer_language="pt")) == [call.title]


def test_english_finds_a_portuguese_challenge(body: Any) -> None:
    challenge = make_challenge(
        body, title="Alerta precoce de enchentes em Recife", problem="Alagamentos todo verão", language="pt"
    )
    found = search.text_search(Challenge.objects.all(), "flood early warning", viewer_language="en")
    assert titles(found) == [challenge.title]


def test_a_text_with_the_querys_own_words_ranks_first(body: Any) -> None:
    english = make_indexed_call(body, title="Cybersecurity audit", summary="Penetration tests", language="en")
    spanish = make_indexed_call(body, title="Ciberseguridad municipal", summary="Pruebas de penetración", language="es")
    assert titles(search.text_search(Call.objects.all(), "ciberseguridad", viewer_language="es")) == [
        spanish.title,
        english.title,
    ]
    assert search.matched_through(spanish, "ciberseguridad") == []


def test_drafts_stay_hidden_from_a_cross_language_search(body: Any) -> None:
    make_indexed_call(body, status=Call.Status.DRAFT, title="Cybersecurity draft", summary="Not yet", language="en")
    visible = Call.objects.public()
    assert list(search.text_search(visible, "ciberseguridad", viewer_language="es")) == []


def test_the_results_page_says_what_a_call_matched_in_another_language(client: Any, body: Any) -> None:
    from django.urls import reverse
    from django.utils import timezone

    from tests.procurement.factories import verified_body

    verified_body(body)
    make_indexed_call(
        body, title="Cybersecurity for municipal networks", summary="SOC", language="en", published_at=timezone.now()
    )
    page = client.get(reverse("procurement:opportunities"), {"q": "ciberseguridad"}, HTTP_ACCEPT_LANGUAGE="es")
    html = page.content.decode()
    assert "Cybersecurity for municipal networks" in html
    assert "“cybersecurity”" in html
    assert "“ciberseguridad”" in html


@pytest.mark.parametrize(
    "query", ["the", "de la", "C++", "'; drop table", "o'brien agua", "agua & | ! <->", "ﬁrma", "a" * 200]
)
def test_odd_queries_never_break_the_search(body: Any, query: str) -> None:
    make_indexed_call(body, title="Agua potable", summary="Calidad del agua", language="es")
    list(search.text_search(Call.objects.all(), query, viewer_language="en"))
