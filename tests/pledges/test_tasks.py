"""The dashboard's refresh and the import task."""

import datetime
import uuid
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from gcm_tracker.celery import app
from pledges import services, stats, tasks
from pledges.models import Pledge
from pledges.stats import CACHE_KEY
from tests.factories import PledgeFactory

pytestmark = pytest.mark.django_db


def _published_on(day: datetime.date, **kwargs) -> Pledge:
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    return PledgeFactory(status=Pledge.Status.PUBLISHED, published_at=at, **kwargs)


# --- The dashboard's aggregates ----------------------------------------------------------


@pytest.fixture
def with_worker_mode():
    """As on a machine with Redis and a worker: tasks are queued, not run inline. Puts
    back the setting it found, whatever the environment chose."""
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield
    finally:
        app.conf.task_always_eager = previous


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
    assert cache.get(stats.STATS_PENDING_KEY) is None


def test_refresh_dashboard_stats_caches_the_figures_and_clears_the_flag(compact, kenya):
    _published_on(datetime.date(2024, 1, 1), lead=kenya)
    cache.set(stats.STATS_PENDING_KEY, 1)

    tasks.refresh_dashboard_stats()

    assert cache.get(CACHE_KEY)["totals"]["published_pledges"] == 1
    assert cache.get(stats.STATS_PENDING_KEY) is None


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
        ContentFile(
            (HEADER + row() + row(title="Second pledge", objectives="7", actions="")).encode()
        ),
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
