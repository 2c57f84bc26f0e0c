"""Admin: delivery status and failures listed, and a resend action through the service."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from govtech.audit.models import AuditEvent
from govtech.core.errors import InvalidTransition
from govtech.notifications.models import Notification
from govtech.notifications.services import notification_resend
from tests.notifications.factories import EmailNotificationFactory


@pytest.mark.django_db
def test_admins_see_failures_with_their_error(admin: Any, client_for: Any) -> None:
    EmailNotificationFactory(status="failed", last_error="SMTP 550: No such mailbox")
    response = client_for(admin).get(reverse("admin:notifications_notification_changelist") + "?status__exact=failed")
    assert response.status_code == 200
    assert "SMTP 550: No such mailbox" in response.content.decode()


@pytest.mark.django_db
def test_the_resend_action_queues_failed_emails_again(admin: Any, client_for: Any, queued: Any) -> None:
    failed = EmailNotificationFactory(status="failed", attempts=8, last_error="SMTP 550")
    pending = EmailNotificationFactory(status="pending")
    response = client_for(admin).post(
        reverse("admin:notifications_notification_changelist"),
        {"action": "resend", "_selected_action": [failed.pk, pending.pk]},
    )
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.last_error) == ("pending", 0, "")
    assert AuditEvent.objects.filter(verb="notification.resend", target_id=str(failed.pk)).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["officer", "supplier_owner", "outsider"])
def test_non_staff_cannot_reach_the_admin(name: str, persona: Any, client_for: Any) -> None:
    response = client_for(persona(name)).get(reverse("admin:notifications_notification_changelist"))
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_service_refuses_to_resend_what_is_still_pending(admin: Any) -> None:
    row = EmailNotificationFactory(status="pending")
    with pytest.raises(InvalidTransition):
        notification_resend(actor=admin, notification=row)
    inbox = EmailNotificationFactory(channel="inbox", status="sent")
    with pytest.raises(InvalidTransition):
        notification_resend(actor=admin, notification=inbox)
    assert Notification.objects.filter(status="pending").count() == 1


@pytest.mark.django_db
def test_the_resend_action_queues_a_failed_webhook_delivery_again(admin: Any, client_for: Any, queued: Any) -> None:
    from govtech.notifications.models import WebhookDelivery
    from tests.notifications.factories import WebhookSubscriptionFactory

    failed = WebhookDelivery.objects.create(
        subscription=WebhookSubscriptionFactory(), kind="new_call", event_key="call:1", status="failed", attempts=8
    )
    response = client_for(admin).post(
        reverse("admin:notifications_webhookdelivery_changelist"),
        {"action": "resend", "_selected_action": [failed.pk]},
    )
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("pending", 0)
    assert AuditEvent.objects.filter(verb="webhook.resend").exists()
