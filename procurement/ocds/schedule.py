from __future__ import annotations

# The bulk file is also rewritten after each new release; the hourly run catches up after a broker outage.
# Red flags: each changed process asks for its country's pass; every 15 minutes the countries whose fences
# have not read every summary (or were computed under other thresholds) are recomputed, and missed processes
# summarised.
BEAT_SCHEDULE = {
    "ocds-bulk-regenerate": {"task": "ocds.bulk_regenerate", "schedule": 3600.0},
    "ocds-red-flags-fences": {"task": "ocds.red_flags_fences", "schedule": 900.0},
}
