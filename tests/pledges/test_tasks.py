"""Pledge reminders, the dashboard's refresh, and the import task."""

import datetime
import uuid
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from gcm_tracker.celery import app
from gcm_tracker.models import SentReminder
from gcm_tracker.reminders import months_quiet, reminders_send
from pledges import services, tasks
from pledges.models import Pledge
from pledges.stats import CACHE_KEY
from tests.factories import PledgeFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db


def _published_on(day: datetime.date, **kwargs) -> Pledge:
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    return PledgeFactory(status=Pledge.Status.PUBLISHED, published_at=at, **kwargs)


@pytest.mark.parametrize(
    ("since", "today", "months"),
    [
        ("2024-03-15", "2025-03-14", 11),
        ("2024-03-15", "2025-03-15", 12),
        ("2024-02-29", "2025-02-28", 12),  # a leap day's anniversary
        ("2023-01-31", "2025-01-30", 23),
        ("2023-01-31", "2025-01-31", 24),
    ],
)
def test_months_quiet_counts_whole_months(since, today, months):
    since, today = datetime.date.fromisoformat(since), datetime.date.fromisoformat(today)
    assert months_quiet(since, today) == months


def test_quiet_pledge_reminder_after_12_months_then_every_12(compact, kenya, focal_ken):
    pledge = _published_on(datetime.date(2024, 3, 15), lead=kenya)

    reminders_send(today=datetime.date(2025, 3, 14))
    assert mail.outbox == []
    for day in (datetime.date(2025, 3, 15), datetime.date(2025, 3, 16), datetime.date(2026, 1, 1)):
        reminders_send(today=day)
    assert len(mail.outbox) == 1
    reminders_send(today=datetime.date(2026, 3, 15))

    assert [m.subject for m in mail.outbox] == [
        f"Pledge {pledge.code}: time for a progress update"
    ] * 2
    assert "published on 15 March 2024" in mail.outbox[0].body
    assert "12 months" in mail.outbox[0].body
    assert "24 months" in mail.outbox[1].body
    assert list(SentReminder.objects.order_by("pk").values_list("occasion", flat=True)) == [
        "2024-03-15/12m",
        "2024-03-15/24m",
    ]


def test_quiet_pledge_reminder_counts_from_the_latest_update(compact, kenya, focal_ken):
    pledge = _published_on(datetime.date(2023, 1, 10), lead=kenya)
    ProgressUpdateFactory(pledge=pledge, date=datetime.date(2024, 6, 30))

    reminders_send(today=datetime.date(2025, 6, 29))
    assert mail.outbox == []
    reminders_send(today=datetime.date(2025, 6, 30))

    assert len(mail.outbox) == 1
    assert "the latest is dated 30 June 2024" in mail.outbox[0].body


def test_quiet_pledge_reminder_only_for_published_pledges_and_the_leads_focal_points(
    compact, kenya, mexico, focal_ken, focal_mex
):
    _published_on(datetime.date(2020, 1, 1), lead=kenya).partners.add(mexico)
    PledgeFactory(lead=kenya, status=Pledge.Status.DRAFT)
    withdrawn = _published_on(datetime.date(2020, 1, 1), lead=kenya)
    Pledge.objects.filter(pk=withdrawn.pk).update(status=Pledge.Status.WITHDRAWN)

    reminders_send(today=datetime.date(2025, 1, 1))

    # The partner's (Mexico's) focal point is not asked: the lead answers for a pledge.
    assert [m.to for m in mail.outbox] == [["focal-ken@example.org"]]


# --- The dashboard's aggregates ----------------------------------------------------------


@pytest.fixture
def with_worker_mode():
    """As on a machine with Redis and a worker: tasks are queued, not run inline."""
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


def test_stats_refresh_is_debounced_to_one_task_per_burst(
    with_worker_mode, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(tasks.refresh_dashboard_stats, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        for _ in range(5):
            tasks.stats_refresh_soon()

    apply_async.assert_called_once_with(countdown=tasks.STATS_DEBOUNCE_SECONDS)


def test_stats_refresh_after_a_rolled_back_write_enqueues_nothing(
    with_worker_mode, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(tasks.refresh_dashboard_stats, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        tasks.stats_refresh_soon()
        raise RuntimeError("rolled back")

    assert callbacks == []
    assert not apply_async.called
    assert cache.get(tasks.STATS_PENDING_KEY) is None


def test_refresh_dashboard_stats_caches_the_figures_and_clears_the_flag(compact, kenya):
    _published_on(datetime.date(2024, 1, 1), lead=kenya)
    cache.set(tasks.STATS_PENDING_KEY, 1)

    tasks.refresh_dashboard_stats()

    assert cache.get(CACHE_KEY)["totals"]["published_pledges"] == 1
    assert cache.get(tasks.STATS_PENDING_KEY) is None


def test_publishing_a_pledge_refreshes_the_dashboard(
    compact, kenya, staff_user, django_capture_on_commit_callbacks
):
    from pledges.stats import dashboard_stats

    pledge = PledgeFactory(lead=kenya, status=Pledge.Status.SUBMITTED)
    assert dashboard_stats()["totals"]["published_pledges"] == 0

    with django_capture_on_commit_callbacks(execute=True):
        services.pledge_publish(pledge=pledge, user=staff_user)

    # Inline (no worker), the cached figures are dropped and the next reader recomputes.
    assert dashboard_stats()["totals"]["published_pledges"] == 1


# --- The import task ---------------------------------------------------------------------


def test_import_pledges_file_task_reports_in_the_cache(compact, kenya, staff_user):
    from tests.pledges.test_imports import HEADER, row

    path = default_storage.save(
        f"imports/{uuid.uuid4().hex}/pledges.csv",
        ContentFile((HEADER + row() + row(title="Second", objectives="7", actions="")).encode()),
    )

    summary = tasks.import_pledges_file.delay(
        path=path,
        name="pledges.csv",
        user_id=staff_user.pk,
        valid_only=False,
        dry_run=False,
        key="k1",
    ).get()

    report = cache.get(tasks.IMPORT_REPORT_KEY.format("k1"))
    assert report["status"] == "done"
    assert report["written"] is True
    assert len(report["created"]) == 2
    assert summary["rows"] == 2
    assert not default_storage.exists(path)
