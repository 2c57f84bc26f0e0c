"""Writes of the notifications app: emit, read, resend, preferences, unsubscribe."""

from __future__ import annotations

import json
import logging
from collections.abc import Collection, Iterable
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govtech.accounts.models import Membership
from govtech.accounts.roles import Actor, person
from govtech.audit.services import audit_record
from govtech.core.errors import ApplicationError, InvalidTransition
from govtech.notifications.delivery import enqueue_on_commit
from govtech.notifications.kinds import PREFERENCE_KINDS, Kind
from govtech.notifications.messages import missing_values
from govtech.notifications.models import Frequency, Notification, OutboxRow, Preference, WebhookDelivery
from govtech.notifications.unsubscribe import ALL_KINDS
from govtech.notifications.webhooks import webhook_fan_out

logger = logging.getLogger(__name__)
Status = OutboxRow.Status
MSG_UNKNOWN_KIND = _("This kind of notification does not exist.")
MSG_INBOX_NO_DIGEST = _("The inbox is either on or off.")
MSG_NOT_RESENDABLE = _("Only e-mails that were sent or failed can be sent again.")

DEFAULT_FREQUENCY = Frequency.IMMEDIATE


class IncompleteMessage(ValueError):
    """An event emitted without a value its message needs (see ``messages.py``): a programming error."""


def preferences_of(user_ids: Iterable[int], kind: str) -> dict[tuple[int, str], str]:
    """``{(user_id, channel): frequency}`` for the stored choices (absent: the default)."""
    rows = Preference.objects.filter(user_id__in=list(user_ids), kind=kind).values_list(
        "user_id", "channel", "frequency"
    )
    return {(user_id, channel): frequency for user_id, channel, frequency in rows}


def notification_emit(
    *,
    kind: str,
    recipients: Iterable[Any],
    event_key: str,
    context: dict[str, Any],
    url: str = "",
    group_key: str = "",
    group_label: str = "",
    organisation_ids: Collection[int] | None = None,
) -> int:
    """Write the outbox rows for an event, inside the caller's transaction.

    ``event_key`` identifies the event (e.g. ``"supplier:12:verified:3"``); with the
    recipient, kind and channel it is unique, so emitting the same event twice
    notifies nobody twice. ``context`` holds JSON-safe values for the messages: every key the kind
    ``requires`` (``messages.py``), and ``url`` links to where the recipient acts; without them
    it raises ``IncompleteMessage`` (``NOTIFICATIONS_STRICT``) or logs an error and sends nothing. ``group_key``/``group_label`` (or the same
    keys in ``context``) group digest lines, usually by call. Each recipient's
    preferences decide the channels and whether the e-mail waits for a digest. E-mails
    and webhooks are queued when the transaction commits. Returns the number of rows written.
    """
    if kind not in Kind.values:
        raise ApplicationError(str(MSG_UNKNOWN_KIND), field="kind")
    missing = missing_values(kind, context, url)
    if missing:
        # Never a blank in a message: fail loudly where a developer sees it, and in production
        # log it and send nothing (the business write that emitted it still stands).
        problem = f"notification {kind} ({event_key}) emitted without {', '.join(missing)}"
        if settings.NOTIFICATIONS_STRICT:
            raise IncompleteMessage(problem)
        logger.error(problem)
        return 0
    group_key = str(group_key or context.get("group_key", ""))[:200]
    group_label = str(group_label or context.get("group_label", ""))[:300]
    users = {u.pk: u for u in recipients if u is not None and getattr(u, "is_active", True)}
    if organisation_ids is not None:
        members = set(
            Membership.objects.active()
            .filter(organisation_id__in=list(organisation_ids), user_id__in=list(users))
            .values_list("user_id", flat=True)
        )
        users = {pk: user for pk, user in users.items() if pk in members}
    prefs = preferences_of(users, kind)
    groups: dict[tuple[str, str], list[int]] = {}
    channels: tuple[str, str] = (Notification.Channel.INBOX, Notification.Channel.EMAIL)
    for user_id in users:
        for name in channels:
            frequency = prefs.get((user_id, name), DEFAULT_FREQUENCY)
            if frequency != Frequency.OFF:
                groups.setdefault((name, frequency), []).append(user_id)
    written = 0
    now = timezone.now()
    for (channel, frequency), user_ids in groups.items():
        if channel == Notification.Channel.INBOX:
            status, sent_at = Status.SENT, now  # the inbox is this table: delivered when committed
        else:
            status, sent_at = (Status.PENDING if frequency == Frequency.IMMEDIATE else Status.HELD), None
        ids = _insert_rows(
            user_ids,
            kind=kind,
            event_key=event_key,
            channel=channel,
            frequency=frequency,
            status=status,
            sent_at=sent_at,
            now=now,
            context=context,
            url=url,
            group_key=group_key,
            group_label=group_label,
        )
        written += len(ids)
        if status == Status.PENDING:
            enqueue_on_commit("email", ids)

    enqueue_on_commit(
        "webhook",
        webhook_fan_out(
            kind=kind,
            event_key=event_key,
            recipient_ids=set(users),
            context=context,
            url=url,
            organisation_ids=organisation_ids,
        ),
    )
    return written


_INSERT = """
INSERT INTO notifications_notification (
    recipient_id, kind, event_key, channel, frequency, context, url, group_key, group_label,
    status, attempts, next_attempt_at, claimed_until, sent_at, last_error, created_at, read_at, digest_id
)
SELECT recipient, %(kind)s, %(event_key)s, %(channel)s, %(frequency)s, %(context)s::jsonb, %(url)s,
       %(group_key)s, %(group_label)s, %(status)s, 0, %(now)s, NULL, %(sent_at)s, '', %(now)s, NULL, NULL
FROM unnest(%(recipients)s::bigint[]) AS recipient
ON CONFLICT (recipient_id, kind, event_key, channel) DO NOTHING
RETURNING id
"""


def _insert_rows(user_ids: list[int], **values: Any) -> list[int]:
    """One INSERT … SELECT FROM unnest() per channel and frequency: a call announced to ten
    thousand suppliers is a handful of statements, not twenty thousand model instances. Rows
    already there (the same event emitted before, or concurrently) are skipped by the unique key."""
    assert Notification._meta.db_table == "notifications_notification"
    with connection.cursor() as cursor:
        cursor.execute(
            _INSERT, {**values, "context": json.dumps(values["context"], cls=DjangoJSONEncoder), "recipients": user_ids}
        )
        return [row[0] for row in cursor.fetchall()]


def notification_mark_read(*, actor: Actor, notification: Notification) -> Notification:
    """Mark one inbox entry read (the caller resolved it through ``inbox_of(actor)``)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, recipient=person(actor), read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notification_mark_all_read(*, actor: Actor) -> int:
    return Notification.objects.inbox_of(actor).unread().update(read_at=timezone.now())


def notification_resend(*, actor: Actor, notification: Notification) -> Notification:
    """Queue an e-mail again (admin action): a failed one after fixing the cause, or a sent one on request."""
    if notification.channel != Notification.Channel.EMAIL or notification.status not in (Status.SENT, Status.FAILED):
        raise InvalidTransition(str(MSG_NOT_RESENDABLE))
    with transaction.atomic():
        before = {
            "status": notification.status,
            "attempts": notification.attempts,
            "last_error": notification.last_error,
        }
        updated = Notification.objects.filter(pk=notification.pk, status=notification.status).update(
            status=Status.PENDING, attempts=0, next_attempt_at=timezone.now(), claimed_until=None, last_error=""
        )
        if not updated:
            raise InvalidTransition(str(MSG_NOT_RESENDABLE))
        audit_record(
            actor=actor, verb="notification.resend", target=notification, before=before, after={"status": "pending"}
        )
        enqueue_on_commit("email", [notification.pk])
    notification.refresh_from_db()
    return notification


def preferences_update(*, actor: Actor, choices: dict[tuple[str, str], str]) -> int:
    """Store ``{(kind, channel): frequency}`` for ``actor``; returns how many choices changed."""
    for (kind, channel), frequency in choices.items():
        if kind not in PREFERENCE_KINDS:
            raise ApplicationError(str(MSG_UNKNOWN_KIND), field="kind")
        if channel not in Notification.Channel.values or frequency not in Frequency.values:
            raise ApplicationError(str(MSG_UNKNOWN_KIND), field="frequency")
        if channel == Notification.Channel.INBOX and frequency in (Frequency.DAILY, Frequency.WEEKLY):
            raise ApplicationError(str(MSG_INBOX_NO_DIGEST), field=f"{kind}__{channel}")
    current = {(p.kind, p.channel): p.frequency for p in Preference.objects.filter(user=person(actor))}
    changes = {key: value for key, value in choices.items() if current.get(key, DEFAULT_FREQUENCY) != value}
    if not changes:
        return 0
    with transaction.atomic():
        for (kind, channel), frequency in changes.items():
            Preference.objects.update_or_create(
                user=person(actor), kind=kind, channel=channel, defaults={"frequency": frequency}
            )
        audit_record(
            actor=actor,
            verb="notification.preferences",
            target=person(actor),
            before={f"{k}/{c}": current.get((k, c), DEFAULT_FREQUENCY) for k, c in changes},
            after={f"{k}/{c}": f for (k, c), f in changes.items()},
        )
    return len(changes)


def preference_unsubscribe(*, user: Actor, kind: str) -> int:
    """One-click unsubscribe: e-mail off for ``kind`` (``"*"``: every kind). Works without login."""
    kinds = [str(k) for k in PREFERENCE_KINDS] if kind == ALL_KINDS else [kind]
    if any(k not in PREFERENCE_KINDS for k in kinds):
        raise ApplicationError(str(MSG_UNKNOWN_KIND), field="kind")
    with transaction.atomic():
        for k in kinds:
            Preference.objects.update_or_create(
                user=person(user), kind=k, channel=Notification.Channel.EMAIL, defaults={"frequency": Frequency.OFF}
            )
        # E-mails still waiting for a digest are dropped too: the person asked for silence.
        Notification.objects.filter(
            recipient=person(user), kind__in=kinds, channel=Notification.Channel.EMAIL, status=Status.HELD
        ).delete()
        audit_record(
            actor=user, verb="notification.unsubscribe", target=person(user), after={"kind": kind, "channel": "email"}
        )
    return len(kinds)


MSG_DELIVERY_NOT_RESENDABLE = _("Only deliveries that were sent or failed can be sent again.")


def webhook_delivery_resend(*, actor: Actor, delivery: WebhookDelivery) -> WebhookDelivery:
    """Queue a webhook delivery again (admin action), e.g. once the integrator fixed their endpoint."""
    if delivery.status not in (WebhookDelivery.Status.SENT, WebhookDelivery.Status.FAILED):
        raise InvalidTransition(str(MSG_DELIVERY_NOT_RESENDABLE))
    with transaction.atomic():
        before = {"status": delivery.status, "attempts": delivery.attempts, "last_error": delivery.last_error}
        updated = WebhookDelivery.objects.filter(pk=delivery.pk, status=delivery.status).update(
            status=WebhookDelivery.Status.PENDING,
            attempts=0,
            next_attempt_at=timezone.now(),
            claimed_until=None,
            last_error="",
        )
        if not updated:
            raise InvalidTransition(str(MSG_DELIVERY_NOT_RESENDABLE))
        audit_record(actor=actor, verb="webhook.resend", target=delivery, before=before, after={"status": "pending"})
        enqueue_on_commit("webhook", [delivery.pk])
    delivery.refresh_from_db()
    return delivery
