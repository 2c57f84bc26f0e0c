"""Messages are complete by construction: every kind and variant, in every language, with no blank, an
absolute link to act and the date with its time zone named; an event without its values is refused."""

from __future__ import annotations

import re
from typing import Any

import pytest

from govtech.notifications.kinds import Kind
from govtech.notifications.messages import MESSAGES, missing_values, required_keys
from govtech.notifications.models import Notification
from govtech.notifications.rendering import notification_email, render_message
from govtech.notifications.services import IncompleteMessage, notification_emit
from tests.accounts.factories import UserFactory
from tests.notifications.factories import SAMPLES, EmailNotificationFactory, NotificationFactory

LANGUAGES = ["es", "pt-br", "en"]
URL = "/es/manage/calls/7/"

BLANK_PATTERNS = [": .", "«»", "“”", "  ", "None", " .", "()", "%("]
INFORMAL_SPANISH = re.compile(r"\b(tú|tu|tus|te|ti|contigo)\b", re.IGNORECASE)


def cases() -> list[tuple[str, str]]:
    return [(kind, "") for kind in MESSAGES] + [
        (kind, variant) for kind, message in MESSAGES.items() for variant in message.variants
    ]


def full_context(kind: str, variant: str) -> dict[str, Any]:
    message = MESSAGES[kind]
    chosen = message.variants[variant] if variant else message
    context = {key: SAMPLES[key] for key in chosen.requires}
    context["timezone"] = SAMPLES["timezone"]
    if variant:
        context["variant"] = variant
    return context


def assert_whole(text: str, where: str) -> None:
    for pattern in BLANK_PATTERNS:
        assert pattern not in text, f"{where}: {pattern!r} in {text!r}"
    assert not text.rstrip().endswith(":"), f"{where}: ends with ':' {text!r}"


def test_every_required_key_has_a_sample() -> None:
    for kind in MESSAGES:
        assert required_keys(kind) <= set(SAMPLES), kind


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("kind", "variant"), cases())
def test_every_kind_renders_whole_in_every_language(kind: str, variant: str, language: str, settings: Any) -> None:
    settings.SITE_URL = "https://portal.example"
    context = full_context(kind, variant)
    assert missing_values(kind, context, URL) == []
    rendered = render_message(kind, context, language)
    where = f"{kind}/{variant or '-'}/{language}"
    for part in (rendered.subject, rendered.body, rendered.action):
        assert part.strip(), where
        assert_whole(part, where)
    if language != "en":
        english = render_message(kind, context, "en")
        assert rendered.subject != english.subject, f"{where}: subject not translated"
        assert rendered.body != english.body, f"{where}: body not translated"
        assert rendered.action != english.action, f"{where}: link label not translated"
    if language == "es":
        assert not INFORMAL_SPANISH.search(rendered.subject + " " + rendered.body + " " + rendered.action), where
    if "deadline" in context or "submitted_at" in context:
        assert "America/Bogota" in rendered.body, f"{where}: the time zone is not named"
        assert "2027-03-15T" not in rendered.body
    if kind == Kind.DIGEST:
        return
    row = EmailNotificationFactory(kind=kind, recipient__language=language, context=context, url=URL)
    email = notification_email(row)
    assert email.subject == rendered.subject
    assert "https://portal.example/es/manage/calls/7/" in email.body
    assert "https://portal.example/es/manage/calls/7/" in email.alternatives[0][0]


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "variant"), [case for case in cases() if case[0] != Kind.DIGEST])
def test_the_inbox_shows_the_same_whole_text(client: Any, kind: str, variant: str) -> None:
    row = NotificationFactory(kind=kind, context=full_context(kind, variant), url=URL, recipient__language="es")
    client.force_login(row.recipient)
    page = client.get("/es/inbox/").content.decode()
    rendered = render_message(kind, row.context, "es")
    assert rendered.subject.replace("“", "").split("«")[0][:20] in page.replace("&quot;", '"').replace("&#x27;", "'")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [kind for kind in MESSAGES if MESSAGES[kind].requires and kind != Kind.DIGEST])
def test_an_event_without_a_required_value_raises(kind: str) -> None:
    user = UserFactory()
    context = full_context(kind, "")
    dropped = MESSAGES[kind].requires[-1]
    for blank in (None, "", "—"):
        with pytest.raises(IncompleteMessage, match=dropped):
            notification_emit(kind=kind, recipients=[user], event_key="e", context=context | {dropped: blank}, url=URL)
    with pytest.raises(IncompleteMessage, match=dropped):
        notification_emit(
            kind=kind,
            recipients=[user],
            event_key="e",
            context={k: v for k, v in context.items() if k != dropped},
            url=URL,
        )
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_an_event_without_a_link_or_with_an_unknown_variant_raises() -> None:
    user = UserFactory()
    context = full_context(Kind.NEW_CALL, "")
    with pytest.raises(IncompleteMessage, match="url"):
        notification_emit(kind=Kind.NEW_CALL, recipients=[user], event_key="e", context=context, url="")
    with pytest.raises(IncompleteMessage, match="variant"):
        notification_emit(
            kind=Kind.VERIFICATION_DECISION,
            recipients=[user],
            event_key="e",
            context={"organisation": "X", "variant": "verifed"},
            url=URL,
        )


@pytest.mark.django_db
def test_in_production_an_incomplete_event_is_logged_and_not_sent(settings: Any, caplog: Any) -> None:
    settings.NOTIFICATIONS_STRICT = False
    user = UserFactory()
    written = notification_emit(
        kind=Kind.NEW_CALL, recipients=[user], event_key="e", context={"title": "X", "buyer": "Y"}, url=URL
    )
    assert written == 0
    assert not Notification.objects.exists()
    assert "without deadline" in caplog.text


def test_a_refused_verification_says_so_and_why() -> None:
    context = {"organisation": "Ciudad Datos SAS", "variant": "rejected", "reason": "Falta el RUT."}
    rendered = render_message(Kind.VERIFICATION_DECISION, context, "es")
    assert "Ciudad Datos SAS" in rendered.subject
    assert not rendered.subject.endswith("verified")
    assert "Falta el RUT." in rendered.body
    verified = render_message(Kind.VERIFICATION_DECISION, {"organisation": "Ciudad Datos SAS"}, "es")
    assert "verified" not in verified.subject
