"""Audit rows for security events that happen inside allauth's own flows.

allauth's MFA views save the authenticator themselves; its signals are the only hook, so they
are used here to write the audit row (no workflow hangs on them). Secrets never reach the trail.
"""

from __future__ import annotations

from typing import Any

from allauth.mfa import signals as mfa_signals
from django.db import transaction

from govtech.audit.services import audit_record


def _record(verb: str) -> Any:
    def receiver(sender: Any, request: Any = None, user: Any = None, authenticator: Any = None, **kwargs: Any) -> None:
        if user is None:
            return
        with transaction.atomic():
            audit_record(actor=user, verb=verb, target=user, after={"type": getattr(authenticator, "type", "")})

    receiver.__name__ = f"audit_{verb.replace('.', '_')}"
    return receiver


_RECEIVERS = {
    mfa_signals.authenticator_added: _record("mfa.authenticator_add"),
    mfa_signals.authenticator_removed: _record("mfa.authenticator_remove"),
    mfa_signals.authenticator_reset: _record("mfa.authenticator_reset"),
}


def connect() -> None:
    for signal, receiver in _RECEIVERS.items():
        signal.connect(receiver, dispatch_uid=receiver.__name__)
