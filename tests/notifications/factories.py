"""Factories of the notifications tests."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from govtech.notifications.kinds import Kind
from govtech.notifications.models import Notification, WebhookSubscription
from tests.accounts.factories import UserFactory


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
