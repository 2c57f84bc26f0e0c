"""Typed readers for environment variables.

Every setting that comes from the environment goes through one of these, so a bad
value stops the process at start-up with a message naming the variable, instead of
surfacing later as a strange behaviour. ``NAME_FILE`` is honoured for secrets
(Docker and Kubernetes mount them as files).
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_UNSET = object()


def _raw(name: str) -> str | None:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_name!r} cannot be read: {exc}") from exc
    return os.environ.get(name)


def env_str(name: str, default: str | object | None = _UNSET) -> str:
    value = _raw(name)
    if value is None or value == "":
        if default is _UNSET:
            raise ImproperlyConfigured(f"The environment variable {name} is required.")
        return default  # type: ignore[return-value]
    return value


def env_optional(name: str) -> str | None:
    value = _raw(name)
    return value or None


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use one of 1/0, true/false, yes/no, on/off).")


def env_int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    value = _raw(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer.") from exc
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} is below the minimum {minimum}.")
    if maximum is not None and number > maximum:
        raise ImproperlyConfigured(f"{name}={number} is above the maximum {maximum}.")
    return number


def env_float(name: str, default: float) -> float:
    value = _raw(name)
    if value is None or value.strip() == "":
        return default
    try:
        return float(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={value!r} is not a number.") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = _raw(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def check_fernet_keys(name: str, keys: list[str]) -> list[str]:
    """Refuse anything but Fernet keys (32 url-safe base64-encoded bytes each, as ``Fernet.generate_key()``
    prints them). Called from production.py: an error raised while base.py loads is hidden by Celery's
    import of the settings."""
    for position, key in enumerate(keys, start=1):
        try:
            valid = len(base64.urlsafe_b64decode(key.encode("ascii"))) == 32
        except (binascii.Error, ValueError, UnicodeEncodeError):
            valid = False
        if not valid:
            raise ImproperlyConfigured(
                f"{name}: key {position} is not a Fernet key (32 url-safe base64-encoded bytes; make one with "
                "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')."
            )
    return keys


def env_routes(name: str, default: dict[str, str]) -> dict[str, dict[str, str]]:
    """Celery task routes from ``pattern=queue`` pairs separated by commas (``matching.*=matching``), added to
    (or replacing, per pattern) ``default``; a queue of ``-`` drops a default route."""
    routes = dict(default)
    for item in env_list(name, []):
        pattern, sep, queue = item.partition("=")
        pattern, queue = pattern.strip(), queue.strip()
        if not sep or not pattern or not queue:
            raise ImproperlyConfigured(f"{name}: {item!r} is not pattern=queue (e.g. matching.*=matching).")
        if queue == "-":
            routes.pop(pattern, None)
        else:
            routes[pattern] = queue
    return {pattern: {"queue": queue} for pattern, queue in routes.items()}
