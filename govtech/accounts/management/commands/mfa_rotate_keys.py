"""``manage.py mfa_rotate_keys``: re-encrypt every stored MFA secret with the first key of MFA_ENCRYPTION_KEYS."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from govtech.accounts import mfa_secrets
from govtech.audit.services import audit_record


class Command(BaseCommand):
    help = (
        "After putting a new key first in MFA_ENCRYPTION_KEYS (keeping the old ones after it): re-encrypt every "
        "TOTP secret and recovery-code seed with the new key. The old keys can then be removed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        changed = 0
        try:
            with transaction.atomic():
                rows = Authenticator.objects.select_for_update().filter(
                    type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]
                )
                for authenticator in rows.iterator(chunk_size=500):
                    data = mfa_secrets.transform_data(authenticator.type, authenticator.data, mfa_secrets.rotate)
                    Authenticator.objects.filter(pk=authenticator.pk).update(data=data)
                    changed += 1
                audit_record(actor=None, verb="mfa.keys_rotated", after={"authenticators": changed})
        except mfa_secrets.SecretUnreadable as exc:
            raise CommandError(
                f"{exc}: nothing was changed. Keep every key still in use in MFA_ENCRYPTION_KEYS."
            ) from exc
        self.stdout.write(f"re-encrypted {changed} authenticators with the first key")
