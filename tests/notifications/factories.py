"""Factories of the notifications tests."""

from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from govtech.notifications.kinds import Kind
from govtech.notifications.models import Notification, WebhookSubscription
from tests.accounts.factories import UserFactory

# A believable value for every key any kind requires (a new key needs its sample here).
SAMPLES: dict[str, Any] = {
    "title": "Semáforos inteligentes para Medellín",
    "buyer": "Secretaría de Movilidad",
    "organisation": "Ciudad Datos SAS",
    "person": "Marta Gómez",
    "deadline": "2027-03-15T17:00:00+00:00",
    "timezone": "America/Bogota",
    "submitted_at": "2027-03-01T15:30:00+00:00",
    "expires_on": "2027-01-31",
    "count": 3,
    "change": "Se amplía el plazo dos semanas",
    "outcome": {"es": "adjudicada", "pt-br": "adjudicada", "en": "awarded"},
    "reason": "Falta el certificado de existencia.",
    "role": {"es": "Miembro", "pt-br": "Membro", "en": "Member"},
    "reference": "APP-2027-0042",
    "question": "¿Se aceptan consorcios?",
    "answer": "Sí, con un líder único.",
}


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = Kind.NEW_CALL
    event_key = factory.Sequence(lambda n: f"call:{n}:published")
    channel = Notification.Channel.INBOX
    status = Notification.Status.SENT
    context = factory.LazyFunction(
        lambda: {
            "title": "Semáforos inteligentes para Medellín",
            "buyer": "Secretaría de Movilidad",
            "deadline": "2027-03-15",
        }
    )
    url = "/es/opportunities/1/"


class EmailNotificationFactory(NotificationFactory):
    channel = Notification.Channel.EMAIL
    status = Notification.Status.PENDING


class WebhookSubscriptionFactory(DjangoModelFactory):
    class Meta:
        model = WebhookSubscription

    owner_user = factory.SubFactory(UserFactory)
    target_url = "https://hooks.example.org/govtech"
    secret = factory.Sequence(lambda n: f"secret-{n}-0123456789abcdef")
    kinds = factory.LazyFunction(lambda: [Kind.NEW_CALL])
