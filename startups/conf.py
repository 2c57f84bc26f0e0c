"""The registry's settings, each with a documented default.

Override any of them in the Django settings; code reads them through these helpers
so the default lives in one place.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Unverified (pending) suppliers appear in the public directory and may be found by buyers.
    "STARTUPS_UNVERIFIED_LISTED": False,
    # Unverified suppliers may apply to calls (read by procurement through ``selectors.supplier_may_apply``).
    "STARTUPS_UNVERIFIED_MAY_APPLY": False,
    # Days before a compliance document expires when its owners are reminded.
    "STARTUPS_DOCUMENT_REMINDER_DAYS": (30, 7, 1),
    # Upload limits in bytes.
    "STARTUPS_LOGO_MAX_BYTES": 1 * 1024 * 1024,
    "STARTUPS_DOCUMENT_MAX_BYTES": 10 * 1024 * 1024,
    "STARTUPS_IMPORT_MAX_BYTES": 10 * 1024 * 1024,
    # Rows an import file may hold.
    "STARTUPS_IMPORT_MAX_ROWS": 5000,
}


def get(name: str) -> Any:
    """The setting ``name``, or its documented default."""
    return getattr(settings, name, DEFAULTS[name])


def startup_max_age_years() -> int:
    """Years since founding during which an innovative company counts as a startup."""
    return int(getattr(settings, "STARTUP_MAX_AGE_YEARS", 10))
