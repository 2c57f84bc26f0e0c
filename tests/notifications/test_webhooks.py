"""Webhooks for integrators: signed payloads, retries, a delivery log, SSRF refused, owners only."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import pytest
from django.urls import reverse

from govtech.core.errors import NotAllowed
from govtech.notifications import delivery
from govtech.notifications.kinds import Kind
from govtech.notifications.models import WebhookDelivery, WebhookSubscription
from govtech.notifications.services import notification_emit
from govtech.notifications.webhooks import (
    SIGNATURE_HEADER,
    TargetRefused,
    check_target,
    webhook_delete,
    webhook_subscribe,
)
from tests.conftest import PERSONAS
from tests.notifications.factories import SAMPLES, WebhookSubscriptionFactory

SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]


def publish(kind: str = Kind.NEW_CALL, recipients: list[Any] | None = None, key: str = "call:9:published") -> None:
    notification_emit(
        kind=kind,
        recipients=recipients or [],
        event_key=key,
        context=SAMPLES | {"title": "Semáforos"},
        url="/es/opportunities/9/",
    )


@pytest.mark.django_db
def test_it_posts_a_signed_payload_the_receiver_can_verify(hook_sink: Any, supplier_owner: Any) -> None:
    subscription = webhook_subscribe(actor=supplier_owner, target_url=hook_sink.url, kinds=[Kind.NEW_CALL])
    publish()
    row = WebhookDelivery.objects.get()
    assert delivery.deliver("webhook", [row.pk]).sent == 1
    request = hook_sink.requests[0]
    header = request["headers"][SIGNATURE_HEADER]
    parts = dict(item.split("=", 1) for item in header.split(","))
    expected = hmac.new(
        subscription.secret.encode(), f"{parts['t']}.".encode() + request["body"], hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(parts["v1"], expected)
    assert hook_sink.json(0)["kind"] == "new_call"
    assert hook_sink.json(0)["data"] == SAMPLES | {"title": "Semáforos"}
    assert request["headers"]["X-Govtech-Event"] == "new_call"
    row.refresh_from_db()
    assert (row.status, row.response_status) == ("sent", 200)


@pytest.mark.django_db
def test_it_retries_a_server_error_and_records_it(hook_sink: Any, queued: Any) -> None:
    WebhookSubscriptionFactory(target_url=hook_sink.url)
    hook_sink.statuses = [503]
    publish()
    row = WebhookDelivery.objects.get()
    assert delivery.deliver("webhook", [row.pk]).retried == 1
    row.refresh_from_db()
    assert (row.status, row.response_status, row.last_error) == ("pending", 503, "HTTP 503")
    assert queued.ids("webhook") == [row.pk]


@pytest.mark.django_db
def test_it_does_not_retry_a_client_error(hook_sink: Any) -> None:
    WebhookSubscriptionFactory(target_url=hook_sink.url)
    hook_sink.statuses = [410]
    publish()
    row = WebhookDelivery.objects.get()
    assert delivery.deliver("webhook", [row.pk]).failed == 1


@pytest.mark.django_db
def test_a_private_event_reaches_only_the_webhooks_of_its_recipients(
    hook_sink: Any, supplier_owner: Any, outsider: Any, supplier_org: Any
) -> None:
    mine = WebhookSubscriptionFactory(
        owner_user=None, owner_organisation=supplier_org, kinds=[Kind.VERIFICATION_DECISION]
    )
    WebhookSubscriptionFactory(owner_user=outsider, kinds=[Kind.VERIFICATION_DECISION])
    publish(Kind.VERIFICATION_DECISION, recipients=[supplier_owner], key="supplier:1:verified")
    assert list(WebhookDelivery.objects.values_list("subscription_id", flat=True)) == [mine.pk]


@pytest.mark.django_db
def test_the_same_event_is_delivered_once_per_subscription(hook_sink: Any) -> None:
    WebhookSubscriptionFactory(target_url=hook_sink.url)
    publish()
    publish()
    assert WebhookDelivery.objects.count() == 1


@pytest.mark.parametrize("url", ["ftp://example.org/x", "javascript:alert(1)", "file:///etc/passwd", "http://"])
def test_it_refuses_non_http_targets(url: str, settings: Any) -> None:
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    with pytest.raises(TargetRefused):
        check_target(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/",
        "http://localhost/",
        "http://10.0.0.5/",
        "http://169.254.169.254/latest",
        "http://[::1]/",
    ],
)
def test_it_refuses_private_and_loopback_targets_unless_allowed(url: str, settings: Any) -> None:
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    with pytest.raises(TargetRefused):
        check_target(url)
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    check_target(url)


@pytest.mark.django_db
def test_a_send_to_a_target_turned_private_fails_for_good(hook_sink: Any, settings: Any) -> None:
    WebhookSubscriptionFactory(target_url=hook_sink.url)
    publish()
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    assert delivery.deliver("webhook", [WebhookDelivery.objects.get().pk]).failed == 1
    assert hook_sink.requests == []


@pytest.mark.django_db
def test_only_an_owner_subscribes_for_an_organisation(
    supplier_member: Any, supplier_owner: Any, supplier_org: Any, settings: Any
) -> None:
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    with pytest.raises(NotAllowed):
        webhook_subscribe(
            actor=supplier_member, target_url="https://x.example/", kinds=[Kind.NEW_CALL], organisation=supplier_org
        )
    subscription = webhook_subscribe(
        actor=supplier_owner, target_url="https://x.example/", kinds=[Kind.NEW_CALL], organisation=supplier_org
    )
    with pytest.raises(NotAllowed):
        webhook_delete(actor=supplier_member, subscription=subscription)


@pytest.mark.django_db
def test_the_page_shows_the_secret_once(supplier_owner: Any, client_for: Any, hook_sink: Any) -> None:
    client = client_for(supplier_owner)
    response = client.post(
        reverse("notifications:webhook_create"), {"target_url": hook_sink.url, "kinds": ["new_call"], "owner": "me"}
    )
    subscription = WebhookSubscription.objects.get()
    assert response.status_code == 200
    assert subscription.secret in response.content.decode()
    detail = client.get(reverse("notifications:webhook_detail", args=[subscription.pk]))
    assert detail.status_code == 200
    assert subscription.secret not in detail.content.decode()


@pytest.mark.django_db
def test_the_form_shows_field_errors(supplier_owner: Any, client_for: Any, settings: Any) -> None:
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    response = client_for(supplier_owner).post(
        reverse("notifications:webhook_create"), {"target_url": "http://127.0.0.1/", "kinds": [], "owner": "me"}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"kinds"}
    response = client_for(supplier_owner).post(
        reverse("notifications:webhook_create"),
        {"target_url": "http://127.0.0.1/", "kinds": ["new_call"], "owner": "me"},
    )
    assert set(response.context["form"].errors) == {"target_url"}
    assert not WebhookSubscription.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", SIGNED_IN)
def test_each_persona_sees_only_webhooks_they_own(
    name: str, persona: Any, client_for: Any, supplier_owner: Any
) -> None:
    user = persona(name)
    theirs = WebhookSubscriptionFactory(owner_user=supplier_owner)
    client = client_for(user)
    assert client.get(reverse("notifications:webhooks")).status_code == 200
    expected = 200 if user == supplier_owner else 404
    assert client.get(reverse("notifications:webhook_detail", args=[theirs.pk])).status_code == expected
    if user != supplier_owner:
        assert client.post(reverse("notifications:webhook_delete", args=[theirs.pk])).status_code == 404
        assert WebhookSubscription.objects.filter(pk=theirs.pk).exists()


@pytest.mark.django_db
def test_an_organisation_owner_sees_and_deletes_its_webhooks(
    supplier_owner: Any, supplier_org: Any, client_for: Any
) -> None:
    hook = WebhookSubscriptionFactory(owner_user=None, owner_organisation=supplier_org)
    client = client_for(supplier_owner)
    assert client.get(reverse("notifications:webhook_detail", args=[hook.pk])).status_code == 200
    assert client.post(reverse("notifications:webhook_delete", args=[hook.pk])).status_code == 302
    assert not WebhookSubscription.objects.exists()
