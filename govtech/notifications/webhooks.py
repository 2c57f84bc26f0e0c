"""Webhook subscriptions: who may subscribe, where we may send, how payloads are signed.

Verifying a delivery (receiver side): read the ``X-Govtech-Signature`` header,
``t=<unix seconds>,v1=<hex>``; compute ``HMAC-SHA256(secret, f"{t}.".encode() + raw_body)``
and compare it with ``v1`` in constant time; refuse timestamps older than five minutes.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import socket
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govtech.accounts.models import Membership, Organisation
from govtech.accounts.roles import Actor, person
from govtech.audit.services import audit_record
from govtech.core.errors import ApplicationError, NotAllowed
from govtech.notifications.kinds import ORGANISATION_KINDS, PREFERENCE_KINDS, PUBLIC_KINDS
from govtech.notifications.models import WebhookDelivery, WebhookSubscription
from govtech.notifications.rendering import absolute_url

SIGNATURE_HEADER = "X-Govtech-Signature"


MSG_BAD_SCHEME = _("Enter an address that starts with http:// or https://.")


MSG_PRIVATE_TARGET = _("This address points to a private or local network; webhooks may only reach public addresses.")


MSG_UNKNOWN_HOST = _("This address's host name does not resolve.")


MSG_NO_KINDS = _("Choose at least one kind of event.")


MSG_NOT_OWNER = _("Only an owner of the organisation may manage its webhooks.")


class TargetRefused(ApplicationError):
    pass


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The hex HMAC-SHA256 of ``"<timestamp>." + body`` with the subscription's secret."""
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


# IPv6 ranges that carry an IPv4 address inside them. Connecting to one reaches that IPv4 address (through
# a NAT64 gateway, a 6to4 or Teredo relay, or the host's own stack), so the guard judges what they embed.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # well-known prefix: the last 32 bits are the IPv4 address
_REFUSED_V6 = (
    ipaddress.ip_network("64:ff9b:1::/48"),  # local-use NAT64 (RFC 8215): inside someone's network
    ipaddress.ip_network("2002::/16"),  # 6to4
    ipaddress.ip_network("2001::/32"),  # Teredo
    ipaddress.ip_network("::/96"),  # IPv4-compatible (deprecated), and :: and ::1
)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def address_is_public(address: Address) -> bool:
    """Whether a webhook may be sent to ``address``: a global unicast address, and for IPv6 forms that
    embed an IPv4 address (IPv4-mapped, NAT64), a global embedded one; 6to4, Teredo, IPv4-compatible and
    local-use NAT64 addresses are refused whatever they embed."""
    if isinstance(address, ipaddress.IPv6Address):
        if any(address in network for network in _REFUSED_V6):
            return False
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            return address_is_public(embedded)
    return address.is_global and not address.is_multicast


@dataclass(frozen=True)
class Target:
    """Where a webhook goes: the URL's parts, and the one address it was checked at and is sent to."""

    scheme: str
    host: str
    port: int
    path: str
    address: str


def _parts(url: str) -> tuple[str, str, int, str]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TargetRefused(str(MSG_BAD_SCHEME), field="target_url")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise TargetRefused(str(MSG_BAD_SCHEME), field="target_url") from exc
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port, path


def _addresses(host: str, port: int) -> list[Address]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise TargetRefused(str(MSG_UNKNOWN_HOST), field="target_url") from exc
    addresses: list[Address] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise TargetRefused(str(MSG_UNKNOWN_HOST), field="target_url")
    return addresses


def resolve_target(url: str) -> Target:
    """Resolve ``url``'s host once and check every address it has (unless WEBHOOKS_ALLOW_PRIVATE_TARGETS);
    the send then connects to the first of them, never resolving again, so the name cannot be made to
    point elsewhere between the check and the connection (DNS rebinding)."""
    scheme, host, port, path = _parts(url)
    addresses = _addresses(host, port)
    if not settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS and not all(address_is_public(a) for a in addresses):
        raise TargetRefused(str(MSG_PRIVATE_TARGET), field="target_url")
    return Target(scheme=scheme, host=host, port=port, path=path, address=str(addresses[0]))


def check_target(url: str) -> None:
    """Refuse non-http(s) URLs and, unless WEBHOOKS_ALLOW_PRIVATE_TARGETS, hosts that resolve to private,
    loopback, link-local, reserved or IPv4-embedding addresses (SSRF). Each send checks again
    (``resolve_target``) and connects to the address it checked."""
    _parts(url)
    if settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS:
        return
    resolve_target(url)


def _require_owner(actor: Actor, organisation: Organisation) -> None:
    if (
        not Membership.objects.active()
        .filter(user=person(actor), organisation=organisation, role=Membership.Role.OWNER)
        .exists()
    ):
        raise NotAllowed(str(MSG_NOT_OWNER))


def webhook_subscribe(
    *, actor: Actor, target_url: str, kinds: list[str], organisation: Organisation | None = None
) -> WebhookSubscription:
    """Create a subscription owned by ``actor`` (or by ``organisation``, which ``actor`` owns).
    The returned object carries the secret: show it once, it is never displayed again."""
    kinds = sorted(set(kinds))
    if not kinds or any(kind not in PREFERENCE_KINDS for kind in kinds):
        raise ApplicationError(str(MSG_NO_KINDS), field="kinds")
    check_target(target_url)
    if organisation is not None:
        _require_owner(actor, organisation)
    with transaction.atomic():
        subscription = WebhookSubscription.objects.create(
            owner_user=None if organisation else person(actor),
            owner_organisation=organisation,
            target_url=target_url,
            secret=secrets.token_urlsafe(32),
            kinds=kinds,
            created_by=person(actor),
        )
        audit_record(
            actor=actor,
            verb="webhook.subscribe",
            target=subscription,
            after={"target_url": target_url, "kinds": kinds},
            organisation_id=organisation.pk if organisation else None,
        )
    return subscription


def webhook_delete(*, actor: Actor, subscription: WebhookSubscription) -> None:
    if subscription.owner_organisation_id is not None:
        _require_owner(actor, subscription.owner_organisation)  # type: ignore[arg-type]
    elif subscription.owner_user_id != actor.pk:
        raise NotAllowed(str(MSG_NOT_OWNER))
    with transaction.atomic():
        audit_record(
            actor=actor,
            verb="webhook.delete",
            target=subscription,
            before={"target_url": subscription.target_url, "kinds": subscription.kinds},
            organisation_id=subscription.owner_organisation_id,
        )
        subscription.delete()


def _entitled(
    subscription: WebhookSubscription,
    *,
    kind: str,
    recipient_ids: set[int],
    members: dict[int, set[int]],
    organisation_ids: Collection[int] | None,
) -> bool:
    if kind in PUBLIC_KINDS:
        return True
    if subscription.owner_user_id is not None:
        return subscription.owner_user_id in recipient_ids
    if organisation_ids is not None:  # scoped: the webhooks of the organisations the event concerns, no other
        return subscription.owner_organisation_id in organisation_ids
    if kind in ORGANISATION_KINDS:  # about an organisation's own work, but the emitter named none
        return False
    return bool(members.get(subscription.owner_organisation_id or 0, set()) & recipient_ids)


def webhook_fan_out(
    *,
    kind: str,
    event_key: str,
    recipient_ids: set[int],
    context: dict[str, Any],
    url: str,
    organisation_ids: Collection[int] | None = None,
) -> list[int]:
    """Write the delivery rows of an event for every subscription entitled to it (in the
    caller's transaction). Public events reach every subscriber of the kind. Others reach a personal
    subscription whose owner is a recipient, and an organisation's subscription: when the event is
    scoped (``organisation_ids``, the organisations whose work it is about), only those organisations'
    subscriptions, whoever else the recipients belong to; otherwise one of whose members is a recipient
    (never for ``ORGANISATION_KINDS``, which must be scoped to reach an organisation's webhook)."""

    subscriptions = list(WebhookSubscription.objects.active().filter(kinds__contains=[kind]))
    if not subscriptions:
        return []
    if organisation_ids is not None:
        organisation_ids = frozenset(organisation_ids)
    members: dict[int, set[int]] = {}
    if kind not in PUBLIC_KINDS and organisation_ids is None:
        org_ids = [s.owner_organisation_id for s in subscriptions if s.owner_organisation_id]
        for org_id, user_id in (
            Membership.objects.active().filter(organisation_id__in=org_ids).values_list("organisation_id", "user_id")
        ):
            members.setdefault(org_id, set()).add(user_id)
    payload = {
        "kind": kind,
        "event_key": event_key,
        "occurred_at": timezone.now().isoformat(),
        "url": absolute_url(url),
        "data": context,
    }
    rows = [
        WebhookDelivery(subscription=s, kind=kind, event_key=event_key, payload=payload)
        for s in subscriptions
        if _entitled(s, kind=kind, recipient_ids=recipient_ids, members=members, organisation_ids=organisation_ids)
    ]
    if not rows:
        return []
    WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    return list(
        WebhookDelivery.objects.filter(
            kind=kind, event_key=event_key, subscription__in=[r.subscription for r in rows], status="pending"
        ).values_list("pk", flat=True)
    )
