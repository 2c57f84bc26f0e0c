"""Production: refuses to start on an unsafe configuration."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from govtech.settings.base import *
from govtech.settings.base import (
    ALLOWED_HOSTS,
    DATABASE_URL,
    DEBUG,
    DEV_MFA_ENCRYPTION_KEY,
    DEV_SECRET_KEY,
    MFA_ENCRYPTION_KEYS,
    REDIS_URL,
    SECRET_KEY,
)
from govtech.settings.env import check_fernet_keys, env_bool, env_int

_missing = [name for name, value in (("DATABASE_URL", DATABASE_URL), ("REDIS_URL", REDIS_URL)) if not value]
if _missing:
    raise ImproperlyConfigured(
        f"{' and '.join(_missing)} must be set in production: the portal never starts a database or a broker of its own."
    )
if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production (unset DEBUG or set DEBUG=0).")
if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("SECRET_KEY must be set to a long random value in production.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the portal's host names in production.")
if not MFA_ENCRYPTION_KEYS or DEV_MFA_ENCRYPTION_KEY in MFA_ENCRYPTION_KEYS:
    raise ImproperlyConfigured(
        "MFA_ENCRYPTION_KEYS must be set in production: one or more Fernet keys, comma-separated, the first "
        "encrypting (python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')."
    )
check_fernet_keys("MFA_ENCRYPTION_KEYS", MFA_ENCRYPTION_KEYS)

LOG_JSON = env_bool("LOG_JSON", True)
LOGGING["handlers"]["console"]["formatter"] = "json" if LOG_JSON else "plain"

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

# Officials and staff must use multi-factor authentication in production, whatever the environment says.
MFA_REQUIRED_FOR_OFFICIALS = True
