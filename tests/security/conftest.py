"""Fixtures of the security tests: MFA switched on, TOTP codes, clients from distinct addresses."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client

_addresses = itertools.count(1)
_run = random.randint(1, 250)  # a fresh range per run: rate limits live in Redis across runs


@pytest.fixture
def mfa_required(settings: Any) -> None:
    settings.MFA_REQUIRED_FOR_OFFICIALS = True


def totp_code(secret: str) -> str:
    """The code an authenticator app would show now (allauth's own HOTP helpers)."""
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


@pytest.fixture
def totp_device() -> Callable[[Any], str]:
    """``totp_device(user)`` sets up TOTP with recovery codes and returns the secret."""

    def make(user: Any) -> str:
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        RecoveryCodes.activate(user)
        return secret

    return make


def recovery_codes_of(user: Any) -> list[str]:
    instance = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return RecoveryCodes(instance).get_unused_codes()


@pytest.fixture
def fresh_client() -> Callable[[], Client]:
    """A client with its own IP address, so per-IP rate limits of one test do not reach another."""

    def make() -> Client:
        return Client(REMOTE_ADDR=f"10.{_run}.{next(_addresses) // 250}.{next(_addresses) % 250 + 1}")

    return make
