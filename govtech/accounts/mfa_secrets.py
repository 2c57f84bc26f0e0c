"""TOTP secrets and recovery-code seeds, encrypted at rest.

django-allauth's MFA stores them in ``Authenticator.data`` through its adapter's ``encrypt``/``decrypt``
hooks (``govtech.accounts.adapter.MfaAdapter``). We encrypt with Fernet (AES-128-CBC + HMAC-SHA256) under
the keys of ``settings.MFA_ENCRYPTION_KEYS``: the first encrypts, all decrypt, so a new key is put first,
``manage.py mfa_rotate_keys`` re-encrypts every stored value with it, and the old key is then removed.
A stored value reads ``fernet:<token>``; a value without the prefix is refused, never used as a secret.
"""

from __future__ import annotations

import functools
from typing import Any

from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

PREFIX = "fernet:"


class SecretUnreadable(Exception):
    """A stored MFA secret is not encrypted, or none of the configured keys opens it."""


@functools.lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def _current() -> MultiFernet:
    return _fernet(tuple(settings.MFA_ENCRYPTION_KEYS))


def is_encrypted(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def encrypt(text: str) -> str:
    return PREFIX + _current().encrypt(text.encode()).decode("ascii")


def decrypt(value: str) -> str:
    if not is_encrypted(value):
        raise SecretUnreadable("the stored MFA secret is not encrypted (run the accounts migrations)")
    try:
        return _current().decrypt(value.removeprefix(PREFIX).encode("ascii")).decode()
    except InvalidToken as exc:
        raise SecretUnreadable("no key of MFA_ENCRYPTION_KEYS decrypts the stored MFA secret") from exc


def rotate(value: str) -> str:
    """The same secret, encrypted with the first key."""
    if not is_encrypted(value):
        return encrypt(value)
    try:
        return PREFIX + _current().rotate(value.removeprefix(PREFIX).encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise SecretUnreadable("no key of MFA_ENCRYPTION_KEYS decrypts the stored MFA secret") from exc


def transform_data(kind: str, data: dict[str, Any], change: Any) -> dict[str, Any]:
    """``data`` of an authenticator of ``kind`` with ``change`` applied to each secret it holds (TOTP
    secret; recovery-code seed and codes migrated from another system). WebAuthn keys are public."""
    data = dict(data)
    if kind == Authenticator.Type.TOTP and "secret" in data:
        data["secret"] = change(data["secret"])
    elif kind == Authenticator.Type.RECOVERY_CODES:
        if "seed" in data:
            data["seed"] = change(data["seed"])
        if isinstance(data.get("migrated_codes"), list):
            data["migrated_codes"] = [change(code) for code in data["migrated_codes"]]
    return data
