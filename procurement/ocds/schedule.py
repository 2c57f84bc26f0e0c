from __future__ import annotations

# The bulk file is also rewritten after each new release; the hourly run catches up after a broker outage.
BEAT_SCHEDULE = {
    "ocds-bulk-regenerate": {"task": "ocds.bulk_regenerate", "schedule": 3600.0},
}
