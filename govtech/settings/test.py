"""Tests: real PostgreSQL and Redis, fast hashing, a locale-independent setup."""

from __future__ import annotations

import os

from govtech.settings.local import *
from govtech.settings.local import CELERY_BROKER_TRANSPORT_OPTIONS, REST_FRAMEWORK

DEBUG = False
NOTIFICATIONS_STRICT = True  # a message emitted with a blank fails the test that emitted it
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A per-process cache: nothing leaks between test runs or into the broker's Redis database.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "govtech-test"}}
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min", "token": "100000/min"},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# Tests sign personas in with force_login; the MFA tests (tests/security) turn the requirement on.
MFA_REQUIRED_FOR_OFFICIALS = False

# pytest-xdist runs several test processes against one Redis: each gets its own broker key
# space and heartbeat key, so a real worker started by one never takes another's tasks.
_XDIST = os.environ.get("PYTEST_XDIST_WORKER", "main")
CELERY_BROKER_TRANSPORT_OPTIONS = {**CELERY_BROKER_TRANSPORT_OPTIONS, "global_keyprefix": f"test-{_XDIST}:"}  # type: ignore[dict-item]
WORKER_HEARTBEAT_KEY = f"govtech:worker-heartbeat:test-{_XDIST}"
