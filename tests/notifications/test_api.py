"""The REST API: inbox, preferences and webhooks, with every persona, in the error format."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from govtech.notifications.models import Preference, WebhookSubscription
from tests.conftest import PERSONAS
from tests.notifications.factories import NotificationFactory, WebhookSubscriptionFactory

SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]


def api(user: Any) -> APIClient:
    client = APIClient()
    if getattr(user, "is_authenticated", False):
        client.force_authenticate(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("notifications-inbox", []),
        ("notifications-unread-count", []),
        ("notifications-preferences", []),
        ("notifications-webhooks", []),
        ("notifications-webhook-deliveries", [1]),
    ],
)
def test_anonymous_callers_are_refused_in_the_error_format(name: str, args: list[int], anonymous: Any) -> None:
    response = api(anonymous).get(reverse(name, args=args))
    assert response.status_code == 401  # with a WWW-Authenticate: Bearer challenge
    assert response.json()["error"]["status"] == 401


@pytest.mark.django_db
@pytest.mark.parametrize("name", SIGNED_IN)
def test_each_persona_lists_only_their_inbox(name: str, persona: Any, supplier_owner: Any) -> None:
    user = persona(name)
    mine = NotificationFactory(recipient=user)
    NotificationFactory()  # someone else's
    NotificationFactory(recipient=user, channel="email", status="pending")
    data = api(user).get(reverse("notifications-inbox")).json()
    assert [item["id"] for item in data["results"]] == [mine.pk]
    assert data["results"][0]["subject"]
    assert data["results"][0]["read"] is False
    assert api(user).get(reverse("notifications-unread-count")).json() == {"unread": 1}


@pytest.mark.django_db
def test_marking_read_hides_others_entries(supplier_owner: Any, outsider: Any) -> None:
    entry = NotificationFactory(recipient=supplier_owner)
    assert api(outsider).post(reverse("notifications-read", args=[entry.pk])).status_code == 404
    response = api(supplier_owner).post(reverse("notifications-read", args=[entry.pk]))
    assert response.status_code == 200
    assert response.json()["read"] is True
    NotificationFactory(recipient=supplier_owner)
    assert api(supplier_owner).post(reverse("notifications-read-all")).json() == {"marked": 1}


@pytest.mark.django_db
def test_the_inbox_list_costs_a_fixed_number_of_queries(supplier_owner: Any, django_assert_num_queries: Any) -> None:
    for _ in range(5):
        NotificationFactory(recipient=supplier_owner)
    client = api(supplier_owner)
    with django_assert_num_queries(2):
        client.get(reverse("notifications-inbox"))


@pytest.mark.django_db
def test_preferences_are_read_and_changed(supplier_owner: Any) -> None:
    client = api(supplier_owner)
    grid = client.get(reverse("notifications-preferences")).json()
    assert {
        "kind": "new_call",
        "kind_label": "Nueva convocatoria publicada",
        "email": "immediate",
        "inbox": "immediate",
    } in grid
    response = client.put(
        reverse("notifications-preferences"),
        {"preferences": [{"kind": "new_call", "channel": "email", "frequency": "weekly"}]},
        format="json",
    )
    assert response.status_code == 200
    assert Preference.objects.get(user=supplier_owner).frequency == "weekly"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"preferences": [{"kind": "new_call", "channel": "inbox", "frequency": "daily"}]}, "preferences.frequency"),
        ({"preferences": [{"kind": "nope", "channel": "email", "frequency": "off"}]}, "preferences.kind"),
        ({"preferences": []}, "preferences"),
    ],
)
def test_bad_preferences_get_field_errors(supplier_owner: Any, payload: dict[str, Any], field: str) -> None:
    response = api(supplier_owner).put(reverse("notifications-preferences"), payload, format="json")
    assert response.status_code == 400
    body = response.json()["error"]
    assert body["code"] == "invalid"
    assert any(key.startswith(field.split(".", maxsplit=1)[0]) for key in body["fields"])
    assert not Preference.objects.exists()


@pytest.mark.django_db
def test_a_webhook_is_created_with_its_secret_once(supplier_owner: Any, settings: Any) -> None:
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    client = api(supplier_owner)
    response = client.post(
        reverse("notifications-webhooks"),
        {"target_url": "https://hooks.example.org/x", "kinds": ["new_call"]},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["secret"]
    pk = response.json()["id"]
    assert "secret" not in client.get(reverse("notifications-webhook", args=[pk])).json()
    assert client.get(reverse("notifications-webhook-deliveries", args=[pk])).json()["count"] == 0
    assert client.delete(reverse("notifications-webhook", args=[pk])).status_code == 204


@pytest.mark.django_db
def test_a_webhook_to_a_private_address_is_refused_with_a_field_error(supplier_owner: Any, settings: Any) -> None:
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    response = api(supplier_owner).post(
        reverse("notifications-webhooks"),
        {"target_url": "http://127.0.0.1:6379/", "kinds": ["new_call"]},
        format="json",
    )
    assert response.status_code == 400
    assert "target_url" in response.json()["error"]["fields"]
    assert not WebhookSubscription.objects.exists()


@pytest.mark.django_db
def test_a_member_cannot_subscribe_for_the_organisation(supplier_member: Any, supplier_org: Any, settings: Any) -> None:
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    response = api(supplier_member).post(
        reverse("notifications-webhooks"),
        {"target_url": "https://x.example/", "kinds": ["new_call"], "organisation": supplier_org.pk},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


@pytest.mark.django_db
@pytest.mark.parametrize("name", SIGNED_IN)
def test_each_persona_reaches_only_webhooks_they_own(name: str, persona: Any, supplier_owner: Any) -> None:
    user = persona(name)
    hook = WebhookSubscriptionFactory(owner_user=supplier_owner)
    client = api(user)
    expected = 200 if user == supplier_owner else 404
    assert client.get(reverse("notifications-webhook", args=[hook.pk])).status_code == expected
    assert client.get(reverse("notifications-webhook-deliveries", args=[hook.pk])).status_code == expected
    if user != supplier_owner:
        assert client.delete(reverse("notifications-webhook", args=[hook.pk])).status_code == 404
