"""Signed one-click unsubscribe links: they work without signing in, and cannot be forged."""

from __future__ import annotations

from django.core import signing

SALT = "govtech.notifications.unsubscribe"
ALL_KINDS = "*"


def unsubscribe_token(user_id: int, kind: str) -> str:
    """A token that turns off e-mail for ``kind`` (``"*"``: every kind) for one person."""
    return signing.dumps({"u": user_id, "k": kind}, salt=SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """``(user_id, kind)``; raises ``signing.BadSignature`` on a forged or damaged token."""
    data = signing.loads(token, salt=SALT)
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("k"), str):
        raise signing.BadSignature("malformed unsubscribe token")
    return data["u"], data["k"]
