"""The Celery set-up: options of the tasks, the beat schedule."""

import pytest
from django.conf import settings

from core.tasks import TRANSIENT_ERRORS
from gcm_tracker.celery import app


def test_celery_speaks_json_only_with_time_limits():
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_serializer == "json"
    assert app.conf.task_time_limit and app.conf.task_soft_time_limit < app.conf.task_time_limit


def test_celery_visibility_timeout_outlasts_the_longest_task():
    app.loader.import_default_modules()
    longest = max(
        task.time_limit or app.conf.task_time_limit
        for name, task in app.tasks.items()
        if not name.startswith("celery.")
    )
    assert app.conf.broker_transport_options["visibility_timeout"] > longest


@pytest.mark.parametrize(
    "name",
    [
        "reminders.tasks.send_reminders",
        "exports.tasks.build_export",
        "exports.tasks.delete_old_exports",
        "pledges.tasks.refresh_dashboard_stats",
        "reviews.tasks.take_snapshot",
        "reviews.tasks.snapshot_passed_events",
    ],
)
def test_tasks_safe_to_repeat_acknowledge_late_and_retry_transient_errors_only(name):
    app.loader.import_default_modules()
    task = app.tasks[name]
    assert task.acks_late and task.reject_on_worker_lost
    assert set(task.autoretry_for) == set(TRANSIENT_ERRORS)
    assert task.retry_backoff and task.retry_jitter
    assert Exception not in task.autoretry_for and ValueError not in task.autoretry_for


def test_import_task_is_acknowledged_on_receipt():
    app.loader.import_default_modules()
    assert not app.tasks["pledges.tasks.import_pledges_file"].acks_late


def test_beat_schedule_names_registered_tasks():
    app.loader.import_default_modules()
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["send-reminders"]["task"] == "reminders.tasks.send_reminders"
    assert schedule["delete-old-exports"]["task"] == "exports.tasks.delete_old_exports"
    for entry in schedule.values():
        assert entry["task"] in app.tasks
