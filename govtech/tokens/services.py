from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from govtech.accounts.roles import Actor, person
from govtech.audit.services import audit_record
from govtech.core.errors import ApplicationError
from govtech.tokens.models import TOKEN_PREFIX, ApiToken, token_digest

MAX_ACTIVE_TOKENS = 20


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once, never stored


def api_token_create(*, actor: Actor, name: str, scope: str, expires_at: datetime | None = None) -> IssuedToken:
    """Issue a token for ``actor``. The returned secret is the only copy there will ever be."""
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("Give the token a name."), field="name")
    if scope not in ApiToken.Scope.values:
        raise ApplicationError(_("Choose read only or read and write."), field="scope")
    if expires_at is not None and expires_at <= timezone.now():
        raise ApplicationError(_("The expiry date must be in the future."), field="expires_at")
    if ApiToken.objects.of_user(actor).usable().count() >= MAX_ACTIVE_TOKENS:
        raise ApplicationError(_("You have too many active tokens: revoke one first."))
    key_id = secrets.token_hex(6)
    secret = f"{TOKEN_PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=person(actor),
            name=name[:100],
            key_id=key_id,
            digest=token_digest(secret),
            scope=scope,
            expires_at=expires_at,
        )
        audit_record(actor=actor, verb="api_token.created", target=token, after={"scope": scope})
    return IssuedToken(token=token, secret=secret)


def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        token.refresh_from_db()
        if updated:
            audit_record(actor=actor, verb="api_token.revoked", target=token)
    return token
