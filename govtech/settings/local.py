"""Settings shared by development (``dev``) and tests (``test``): the developer tools and the embedded servers.

With ``DATABASE_URL`` or ``REDIS_URL`` unset, the portal starts (or joins) an embedded PostgreSQL or Redis kept in
``.embedded/`` (``govtech.devtools.embedded``). Production never does: it refuses to start without both.
"""

from __future__ import annotations

from govtech.devtools import embedded
from govtech.settings.base import *
from govtech.settings.base import DATABASE_URL, INSTALLED_APPS, REDIS_URL, broker_url, database, redis_cache

INSTALLED_APPS = [*INSTALLED_APPS, "govtech.devtools"]

if not DATABASE_URL:
    DATABASES = {"default": database(embedded.embedded_database())}
if not REDIS_URL:
    REDIS_URL = embedded.embedded_redis_url()
    CACHES = redis_cache(REDIS_URL)
    CELERY_BROKER_URL = broker_url(REDIS_URL)

# ``manage.py backup`` / ``restore`` also look for pg_dump beside the embedded server.
POSTGRES_BIN_DIRS = embedded.client_bin_dirs()
