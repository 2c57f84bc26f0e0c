from __future__ import annotations

BEAT_SCHEDULE = {
    "procurement-close-due-calls": {"task": "procurement.close_due_calls", "schedule": 60.0},
}
