"""The Celery set-up: options of the tasks, the beat schedule, the reminders command."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.management import call_command

from core.tasks import TRANSIENT_ERRORS
from gcm_tracker.celery import app
from gcm_tracker.models import SentReminder


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
        "gcm_tracker.tasks.send_reminders",
        "gcm_tracker.tasks.build_export",
        "gcm_tracker.tasks.delete_old_exports",
        "pledges.tasks.refresh_dashboard_stats",
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
    assert schedule["send-reminders"]["task"] == "gcm_tracker.tasks.send_reminders"
    for entry in schedule.values():
        assert entry["task"] in app.tasks


@pytest.mark.django_db
def test_send_reminders_command_dry_run_then_for_real(review_due_soon):
    out = io.StringIO()
    call_command("send_reminders", "--dry-run", "--date", review_due_soon, stdout=out)
    assert "Would send 1 reminders; 0 already sent." in out.getvalue()
    assert not SentReminder.objects.exists()

    call_command("send_reminders", "--date", review_due_soon, stdout=out)
    call_command("send_reminders", "--date", review_due_soon, stdout=out)

    assert "Sent 1 reminders; 0 already sent; 0 failed" in out.getvalue()
    assert "Sent 0 reminders; 1 already sent; 0 failed" in out.getvalue()
    assert SentReminder.objects.count() == 1


@pytest.fixture
def review_due_soon(kenya, focal_ken, staff_user):
    """Kenya's draft review of 2023–2026 (due 1 May 2026): the date 7 days before."""
    from reviews.models import ReviewCycle
    from reviews.services import review_create

    review = review_create(
        user=staff_user, state=kenya, cycle=ReviewCycle.objects.get(name="2023–2026")
    )
    return (review.due_date - datetime.timedelta(days=7)).isoformat()


@pytest.mark.django_db
def test_admin_lists_reminders_and_exports(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/gcm_tracker/sentreminder/").status_code == 200
    assert client.get("/admin/gcm_tracker/export/").status_code == 200
