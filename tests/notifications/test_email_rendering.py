"""Every kind's e-mail, in each language: subject, HTML and plain-text parts, links, unsubscribe headers."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from govtech.notifications.kinds import PREFERENCE_KINDS, Kind
from govtech.notifications.rendering import notification_email, render_message
from tests.notifications.factories import EmailNotificationFactory

LANGUAGES = ["es", "pt-br", "en"]
CONTEXT: dict[str, Any] = {
    "title": "Semáforos inteligentes para Medellín",
    "buyer": "Secretaría de Movilidad",
    "organisation": "Ciudad Datos SAS",
    "deadline": "2027-03-15",
    "submitted_at": "2027-03-01T15:30:00+00:00",
    "expires_on": "2027-01-31",
    "count": 3,
    "change": {"es": "nuevo plazo", "pt-br": "novo prazo", "en": "new deadline"},
    "outcome": "adjudicada",
    "decision": "verificada",
    "reason": "",
    "person": "Marcos Membro",
    "role": "member",
    "reference": "APP-2027-0042",
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", PREFERENCE_KINDS)
def test_it_renders_every_kind_in_the_recipients_language(kind: Kind, language: str, settings: Any) -> None:
    settings.SITE_URL = "https://portal.example"
    row = EmailNotificationFactory(kind=kind, recipient__language=language, context=CONTEXT, url="/es/opportunities/7/")
    message = notification_email(row)
    rendered = render_message(kind, CONTEXT, language)
    english = render_message(kind, CONTEXT, "en")

    assert message.subject == rendered.subject
    assert "%(" not in rendered.subject + rendered.body
    if language != "en":
        assert rendered.subject != english.subject, f"{kind} has no {language} subject"
        assert rendered.body != english.body, f"{kind} has no {language} body"
    text = message.body
    html = message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    for part in (text, html):
        assert rendered.body.split("“")[0].strip() in part.replace("&quot;", '"').replace("&#x27;", "'")
        assert "https://portal.example/es/opportunities/7/" in part
        assert f"https://portal.example/{language}/inbox/preferences/" in part
    assert f'lang="{language}"' in html
    assert message.extra_headers["List-Unsubscribe"].startswith(
        f"<https://portal.example/{language}/inbox/unsubscribe/"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_it_picks_the_value_in_the_readers_language_and_formats_dates() -> None:
    with translation.override("en"):
        rendered = render_message(Kind.CALL_AMENDED, CONTEXT, "pt-br")
    assert "novo prazo" in rendered.body
    assert "2027" in rendered.body
    assert "2027-03-15" not in rendered.body


def test_it_renders_missing_values_as_empty_rather_than_failing() -> None:
    rendered = render_message(Kind.NEW_CALL, {}, "es")
    assert "%(" not in rendered.subject
    assert rendered.subject


@pytest.mark.django_db
def test_it_lists_the_items_a_notification_carries(settings: Any) -> None:
    row = EmailNotificationFactory(
        kind=Kind.SAVED_SEARCH_HIT,
        recipient__language="en",
        context={
            "title": "Movilidad",
            "count": 12,
            "items": [{"title": "Semáforos", "url": "https://portal.example/x"}],
            "more": 11,
        },
    )
    message = notification_email(row)
    assert "Semáforos" in message.body
    assert "11 more" in message.body


@pytest.mark.django_db
def test_one_rendering_per_batch_is_personalised_for_each_recipient() -> None:
    cache: dict[Any, Any] = {}
    first = EmailNotificationFactory(
        recipient__full_name="Ana <b>Ruiz</b>", recipient__language="es", event_key="call:5"
    )
    second = EmailNotificationFactory(recipient__full_name="Luis Gómez", recipient__language="es", event_key="call:5")
    one, two = notification_email(first, cache), notification_email(second, cache)
    assert len(cache) == 1
    assert "Hola, Ana:" in one.body
    assert "Hola, Luis:" in two.body
    html = one.alternatives[0][0]
    assert "Ana" in html
    assert "<b>" not in html
    assert one.extra_headers["List-Unsubscribe"] != two.extra_headers["List-Unsubscribe"]
    assert one.extra_headers["List-Unsubscribe"].strip("<>") in one.body
    assert "\ue000" not in one.body + html
