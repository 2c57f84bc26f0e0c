"""Beat runs the sweeper, the digests and the saved searches; each entry names a real task."""

from __future__ import annotations

from govtech.celery import app, collect_beat_schedule


def test_beat_knows_the_notification_tasks() -> None:
    import govtech.notifications.tasks  # noqa: F401 - registers the tasks

    schedule = collect_beat_schedule()
    names = {entry["task"] for key, entry in schedule.items() if key.startswith("notifications-")}
    assert names == {
        "govtech.notifications.tasks.sweep",
        "govtech.notifications.tasks.compose_digests",
        "govtech.notifications.tasks.run_saved_searches",
    }
    assert names <= set(app.tasks)
    assert {tuple(entry.get("args", ())) for entry in schedule.values() if "digests" in entry["task"]} == {
        ("daily",),
        ("weekly",),
    }
