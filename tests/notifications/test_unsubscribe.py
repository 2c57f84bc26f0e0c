"""One-click unsubscribe from an e-mail: signed link, works without signing in (RFC 8058)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from govtech.notifications.kinds import Kind
from govtech.notifications.models import Preference
from govtech.notifications.rendering import notification_email
from govtech.notifications.unsubscribe import unsubscribe_token
from tests.notifications.factories import EmailNotificationFactory


@pytest.mark.django_db
def test_the_list_unsubscribe_link_works_with_one_post_and_no_login(settings: Any) -> None:
    settings.SITE_URL = "https://portal.example"
    row = EmailNotificationFactory(kind=Kind.NEW_MATCH, recipient__language="en")
    header = notification_email(row).extra_headers["List-Unsubscribe"]
    path = header.strip("<>").removeprefix("https://portal.example")
    client = Client(enforce_csrf_checks=True)
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Preference.objects.get(user=row.recipient, kind=Kind.NEW_MATCH, channel="email").frequency == "off"


@pytest.mark.django_db
def test_following_the_link_asks_before_unsubscribing(supplier_owner: Any, client: Any) -> None:
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(supplier_owner.pk, Kind.NEW_CALL)])
    response = client.get(url)
    assert response.status_code == 200
    assert not Preference.objects.exists()


@pytest.mark.django_db
def test_the_digest_link_turns_every_email_off_and_drops_held_ones(supplier_owner: Any, client: Any) -> None:
    held = EmailNotificationFactory(recipient=supplier_owner, status="held", frequency="daily")
    client.post(reverse("notifications:unsubscribe", args=[unsubscribe_token(supplier_owner.pk, "*")]))
    assert set(Preference.objects.filter(user=supplier_owner).values_list("frequency", flat=True)) == {"off"}
    assert Preference.objects.filter(user=supplier_owner, channel="email").count() == len(Kind) - 1
    assert not type(held).objects.filter(pk=held.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["forged", "eyJ1IjoxLCJrIjoibmV3X2NhbGwifQ:AAAA:bad"])
def test_it_refuses_a_forged_token(token: str, client: Any) -> None:
    response = client.post(reverse("notifications:unsubscribe", args=[token]))
    assert response.status_code == 400
    assert not Preference.objects.exists()


@pytest.mark.django_db
def test_a_token_cannot_be_reused_for_another_person(supplier_owner: Any, supplier_member: Any, client: Any) -> None:
    token = unsubscribe_token(supplier_owner.pk, Kind.NEW_CALL)
    tampered = token.replace(str(supplier_owner.pk), str(supplier_member.pk), 1)
    client.post(reverse("notifications:unsubscribe", args=[tampered]))
    assert not Preference.objects.filter(user=supplier_member).exists()
