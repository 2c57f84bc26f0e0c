"""Demo inbox entries and preferences for the demo accounts (idempotent: keyed by event)."""

from __future__ import annotations

from typing import IO, Any

from django.utils import timezone

from govtech.accounts.models import User
from govtech.notifications.kinds import Kind
from govtech.notifications.models import Frequency, Notification, OutboxRow, Preference

TITLE = {
    "es": "Semáforos inteligentes para el Valle de Aburrá",
    "pt-br": "Semáforos inteligentes para o Vale de Aburrá",
    "en": "Smart traffic lights for the Aburrá Valley",
}
CALL: dict[str, Any] = {
    "title": TITLE,
    "buyer": "Secretaría de Innovación de Medellín",
    "deadline": "2027-03-15",
}
ENTRIES = [
    ("startup@demo.govtech.example", Kind.NEW_CALL, "demo:call:1:published", CALL),
    ("startup@demo.govtech.example", Kind.DEADLINE_REMINDER, "demo:call:1:reminder:7", CALL),
    ("member@demo.govtech.example", Kind.NEW_MATCH, "demo:call:1:match", CALL),
    (
        "officer@demo.govtech.example",
        Kind.NEW_QUESTION,
        "demo:call:1:question:1",
        {**CALL, "question": "¿Se aceptan consorcios con universidades?"},
    ),
    # No "new application" entry: no notification tells the body who applied, or how many, before the deadline.
]


def load(stdout: IO[str]) -> None:
    created = 0
    for email, kind, event_key, context in ENTRIES:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            continue
        # Inbox entries only: loading the demo must not send e-mails.
        _row, new = Notification.objects.get_or_create(
            recipient=user,
            kind=kind,
            event_key=event_key,
            channel=Notification.Channel.INBOX,
            defaults={
                "context": context,
                "url": "/es/opportunities/",
                "group_key": "demo:call:1",
                "group_label": TITLE["es"],
                "status": OutboxRow.Status.SENT,
                "sent_at": timezone.now(),
            },
        )
        created += new
    member = User.objects.filter(email__iexact="member@demo.govtech.example").first()
    if member is not None:
        Preference.objects.get_or_create(
            user=member,
            kind=Kind.NEW_MATCH,
            channel=Notification.Channel.EMAIL,
            defaults={"frequency": Frequency.WEEKLY},
        )
    stdout.write(f"notifications: {created} new demo inbox entries")
